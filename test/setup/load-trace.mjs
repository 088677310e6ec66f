// `node --import tsx --import ./test/setup/load-trace.mjs ...`: appends the URL of every module the process
// loads to the file named by ATELIER_LOAD_TRACE (a module hook, registered last so it sees every load).
import { register } from 'node:module';

const hooks = `
import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  if (process.env.ATELIER_LOAD_TRACE) appendFileSync(process.env.ATELIER_LOAD_TRACE, url + '\\n');
  return next(url, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
