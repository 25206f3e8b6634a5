// MySQL/MariaDB as a ServiceDriver: peer access by default (the mysql client on the host through
// the server's unix socket as the OS user, root on Debian, where unix_socket authentication
// needs no password), so nothing secret is kept for it.
import type { ServiceDriver } from '../types';
import { isOwnStatement, mysqlCommand } from './command';
import { deriveMysql } from './derive';
import { parseMysql, type MysqlSnapshot } from './parse';

export type { MysqlSnapshot };

export const mysqlDriver: ServiceDriver<MysqlSnapshot> = {
  kind: 'mysql',
  command: (cfg, ask) => mysqlCommand(cfg, ask),
  parse: (out, cfg) => parseMysql(out, cfg),
  derive: (prev, cur, ctx) => deriveMysql(prev, cur, ctx),
  ownStatement: isOwnStatement,
};
