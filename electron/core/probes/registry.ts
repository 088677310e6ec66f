import { batteryHealth } from './battery';
import { cpuLoad, cpuTemperature } from './cpu';
import { diskFree, diskIoErrors, diskSmart } from './disk';
import { logGrep } from './log';
import { memoryErrors, memoryPressure } from './memory';
import { netDns, netGateway, netHttp, netLink, netPing } from './net';
import { osPendingReboot, osUptime } from './os';
import { printerQueue } from './printer';
import { serviceFailed, serviceStatus } from './service';
import { timeSync } from './time';
import type { AnyProbeImpl } from './types';

/** Every implemented probe, by the name its declaration in shared/checklists/probes.ts gives it. */
export const probeImpls: ReadonlyMap<string, AnyProbeImpl> = new Map(
  [
    diskSmart,
    diskFree,
    diskIoErrors,
    memoryErrors,
    memoryPressure,
    cpuTemperature,
    cpuLoad,
    batteryHealth,
    netLink,
    netPing,
    netDns,
    netHttp,
    netGateway,
    serviceStatus,
    serviceFailed,
    timeSync,
    osUptime,
    osPendingReboot,
    logGrep,
    printerQueue,
  ].map((impl) => [impl.name, impl as AnyProbeImpl]),
);
