// The quiz page without a reload: "check" and "submit" are sent with fetch and answered in JSON,
// so the page (and its server-rendered math) is not drawn again and the scroll position stays.
// Progressive enhancement: the form works without these modules. A request that fails keeps the
// page and offers a retry; a closed attempt falls back to the server's page.
import { startAutosave } from './autosave.js';
import { startExamTimer } from './exam-timer.js';
import { followProblemNav } from './problem-nav.js';
import { sendAnswersInPlace } from './send-answers.js';

var form = document.querySelector('form[data-quiz]');
if (form && window.fetch && window.URLSearchParams) {
  var draft = startAutosave(form);
  var stopTimer = startExamTimer(form, draft);
  followProblemNav(form);
  sendAnswersInPlace(form, draft, stopTimer);
}
