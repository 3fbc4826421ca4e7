// Check and submit without a reload. A request that did not get through (network down, server
// error, too many requests) keeps the page as it is: the answers stay in their fields, the message
// says so, and the retry sends the same form with the same idempotency key, so a submit that did
// reach the server is not stored twice.
import { postForm } from './autosave.js';
import { announce, fallback } from './page-status.js';
import { clearConfirm, showChecks, showConfirm, showSubmission } from './show-results.js';

function notSent(form, submitter, detail) {
  form.removeAttribute('aria-busy');
  submitter.disabled = false;
  announce(form.dataset.notSent + (detail ? ' (' + detail + ')' : ''), true);
  var retry = document.createElement('button');
  retry.type = 'button';
  retry.id = 'quiz-retry';
  retry.textContent = form.dataset.retry;
  retry.addEventListener('click', function () {
    if (form.requestSubmit) form.requestSubmit(submitter);
    else submitter.click();
  });
  var box = document.getElementById('quiz-status');
  box.appendChild(document.createTextNode(' '));
  box.appendChild(retry);
}

export function sendAnswersInPlace(form, draft, stopTimer) {
  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var action = submitter && submitter.value;
    if (action !== 'check' && action !== 'submit' && action !== 'submit-confirmed') return;
    event.preventDefault();
    form.setAttribute('aria-busy', 'true');
    submitter.disabled = true;
    if (action !== 'check') draft.cancel();
    postForm(form, action)
      .then(function (res) {
        var isJson = (res.headers.get('content-type') || '').indexOf('application/json') === 0;
        // The attempt was closed meanwhile (time up, another tab): the server's page shows it.
        if (res.status === 409) return fallback(form, action);
        if (!res.ok) {
          if (!isJson) throw new Error('HTTP ' + res.status);
          return res.json().then(function (r) {
            notSent(form, submitter, r && r.error);
          });
        }
        if (!isJson) throw new Error('HTTP ' + res.status);
        return res.json().then(function (r) {
          form.removeAttribute('aria-busy');
          submitter.disabled = false;
          if (action === 'check') showChecks(form, r.checks || {});
          else if (r.needsConfirm) showConfirm(form, r);
          else {
            clearConfirm();
            showSubmission(form, r, stopTimer);
          }
        });
      })
      .catch(function () {
        notSent(form, submitter);
      });
  });
}
