// Where the page speaks to the student: the status banner, a part's slots, and the way back to the
// server's own page when the script cannot go on.

/** The slot (`echo` or `feedback`) under the part whose input is named `answer:<problem>:<part>`. */
export function fieldSlot(field, suffix) {
  var parts = field.split(':');
  return document.getElementById('f-' + parts[1] + '-' + parts.slice(2).join(':') + '-' + suffix);
}

/** The banner above the problems: a status, or an alert for an error. */
export function announce(text, isError) {
  var box = document.getElementById('quiz-status');
  box.className = 'banner' + (isError ? ' error' : '');
  box.setAttribute('role', isError ? 'alert' : 'status');
  box.textContent = text;
  box.hidden = false;
  // Where the student clicked: the page is long and the message must not be off screen.
  if (box.scrollIntoView) box.scrollIntoView({ block: 'center' });
}

/** The server renders the whole page for `action`, exactly as without script. */
export function fallback(form, action) {
  var hidden = document.createElement('input');
  hidden.type = 'hidden';
  hidden.name = 'action';
  hidden.value = action;
  form.appendChild(hidden);
  form.removeAttribute('data-quiz');
  HTMLFormElement.prototype.submit.call(form);
}
