import { showJob } from './job-page.js';
import { showJobList } from './job-list.js';

/**
 * Hash routes, so the server serves one page:
 *   #/                 the job list (#/?status=running filters it)
 *   #/jobs/<id>        one job
 */
const main = document.getElementById('main');
let view;

function route() {
  view?.destroy();
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = hash.split('?');
  const job = /^\/jobs\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (job) {
    view = showJob(main, job[1]);
  } else {
    view = showJobList(main, { status: new URLSearchParams(query).get('status') ?? undefined });
  }
  window.scrollTo(0, 0);
}

window.addEventListener('hashchange', route);
route();
