// Redis as a ServiceDriver: peer access by default (redis-cli on the host over the SSH session,
// as the login user: a Redis without a password on loopback needs nothing more).
import type { ServiceDriver } from '../types';
import { redisCommand } from './command';
import { deriveRedis } from './derive';
import { parseRedis, type RedisSnapshot } from './parse';

export type { RedisSnapshot };

export const redisDriver: ServiceDriver<RedisSnapshot> = {
  kind: 'redis',
  command: (cfg) => redisCommand(cfg),
  parse: (out, cfg) => parseRedis(out, cfg),
  derive: (prev, cur, ctx) => deriveRedis(prev, cur, ctx),
};
