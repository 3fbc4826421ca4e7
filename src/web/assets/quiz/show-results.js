// What the server answered, put into the page: how each part was read (check), the grades
// (submit), and the summary of blank or unreadable parts to confirm. Markup from the server is its
// own rendering (escaped text, KaTeX), so it goes in as HTML.
import { announce, fieldSlot } from './page-status.js';

export function showChecks(form, checks) {
  Object.keys(checks).forEach(function (field) {
    var slot = fieldSlot(field, 'echo');
    if (!slot) return;
    var c = checks[field];
    var div = document.createElement('div');
    div.className = 'echo ' + (c.ok ? 'ok' : 'bad');
    if (c.ok) {
      div.appendChild(document.createTextNode(form.dataset.readAs + ': '));
      var value = document.createElement('span');
      value.className = 'echo-value';
      value.innerHTML = c.html;
      div.appendChild(value);
    } else {
      div.textContent = c.error;
    }
    slot.replaceChildren(div);
  });
}

function addButton(form, value, text, id) {
  var button = document.createElement('button');
  button.type = 'submit';
  button.name = 'action';
  button.value = value;
  if (id) button.id = id;
  button.textContent = text;
  form.querySelector('.actions').appendChild(button);
}

/** A closed attempt: fields read-only, and its buttons go rather than stay greyed out without a reason. */
function closeAttempt(form, stopTimer) {
  form.querySelectorAll('input[type=text], textarea').forEach(function (el) {
    el.readOnly = true;
  });
  form.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(function (el) {
    el.disabled = true;
  });
  form.querySelectorAll('button[value=check], button[value=submit]').forEach(function (el) {
    el.remove();
  });
  var timer = document.getElementById('timer');
  if (timer) timer.remove();
  stopTimer();
}

export function showSubmission(form, r, stopTimer) {
  (r.parts || []).forEach(function (p) {
    var slot = fieldSlot(p.field, 'feedback');
    if (slot) slot.innerHTML = p.feedbackHtml;
  });
  // The points: per problem in its heading, the attempt's at the top.
  (r.problems || []).forEach(function (p) {
    var slot = document.getElementById('problem-score-' + p.problemIndex);
    if (slot) slot.innerHTML = p.html;
  });
  var summary = document.getElementById('score-summary');
  if (summary && r.summaryHtml) {
    summary.innerHTML = r.summaryHtml;
    summary.hidden = false;
  }
  var header = document.getElementById('attempt-header');
  if (header && r.headerHtml) header.innerHTML = r.headerHtml;
  if (!r.canSubmit) closeAttempt(form, stopTimer);
  // The whole page again, with the solutions (a form post: the session stays out of the URL).
  if (r.solutionsAvailable && !document.getElementById('show-solutions'))
    addButton(form, 'open', form.dataset.showSolutions, 'show-solutions');
  if (r.canStartNewAttempt && !form.querySelector('button[value=new-attempt]'))
    addButton(form, 'new-attempt', form.dataset.newAttempt);
  // Last: the feedback above has grown the page, and the message must end up on screen.
  announce(r.message + (summary && r.summaryHtml ? ' ' + summary.textContent : ''), false);
}

/** The summary goes above the problems; "Submit anyway" in it sends 'submit-confirmed'. */
export function showConfirm(form, r) {
  showChecks(form, r.checks || {});
  var slot = document.getElementById('confirm-slot');
  if (!slot) return;
  var holder = document.createElement('div');
  holder.innerHTML = r.confirmHtml;
  var section = holder.firstElementChild;
  if (!section) return;
  slot.replaceWith(section);
  if (section.scrollIntoView) section.scrollIntoView({ block: 'start' });
  var confirm = section.querySelector('button[value=submit-confirmed]');
  if (confirm) confirm.focus();
}

/** After a submit, the summary asked before is answered: its slot is emptied. */
export function clearConfirm() {
  var asked = document.getElementById('confirm-slot');
  if (!asked) return;
  var empty = document.createElement('div');
  empty.id = 'confirm-slot';
  asked.replaceWith(empty);
}
