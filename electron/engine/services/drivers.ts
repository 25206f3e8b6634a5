import type { ServiceKind } from '../../../shared/services';
import { mysqlDriver } from './mysql';
import { postgresDriver } from './postgres';
import { redisDriver } from './redis';
import type { ServiceDriver } from './types';

/** The kinds Greenboard can read, by kind. A kind without a driver is refused when added. */
export const SERVICE_DRIVERS: Partial<Record<ServiceKind, ServiceDriver<unknown>>> = {
  postgres: postgresDriver,
  mysql: mysqlDriver,
  redis: redisDriver,
};
