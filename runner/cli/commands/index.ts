import type { AnyCommand } from '../command.ts';
import { ack } from './ack.ts';
import { demo } from './demo.ts';
import { insights } from './insights.ts';
import { note } from './note.ts';
import { plan } from './plan.ts';
import { postmortem } from './postmortem.ts';
import { recover } from './recover.ts';
import { resolve } from './resolve.ts';
import { run } from './run.ts';
import { site } from './site.ts';
import { schedule } from './schedule.ts';
import { toxiproxy } from './toxiproxy.ts';
import { validate } from './validate.ts';
import { watchdog } from './watchdog.ts';

/** Every `gameday` command, in the order `gameday --help` lists them. Adding one is one file and one line. */
export const commands: readonly AnyCommand[] = [demo, run, ack, note, resolve, postmortem, insights, site, schedule, validate, plan, recover, toxiproxy, watchdog];
