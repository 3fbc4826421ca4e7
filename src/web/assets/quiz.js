// The quiz page without a reload: "check" and "submit" are sent with fetch and answered in JSON,
// so the page (and its server-rendered math) is not drawn again and the scroll position stays.
// Progressive enhancement: the form works without this script. A request that fails keeps the
// page and offers a retry (notSent); a closed attempt falls back to the server's page.
(function () {
  'use strict';
  var form = document.querySelector('form[data-quiz]');
  if (!form || !window.fetch || !window.URLSearchParams) return;

  function fieldSlot(field, suffix) {
    var parts = field.split(':');
    return document.getElementById('f-' + parts[1] + '-' + parts.slice(2).join(':') + '-' + suffix);
  }

  function announce(text, isError) {
    var box = document.getElementById('quiz-status');
    box.className = 'banner' + (isError ? ' error' : '');
    box.setAttribute('role', isError ? 'alert' : 'status');
    box.textContent = text;
    box.hidden = false;
    // Where the student clicked: the page is long and the message must not be off screen.
    if (box.scrollIntoView) box.scrollIntoView({ block: 'center' });
  }

  function fallback(action) {
    // The server renders the whole page, exactly as without script.
    var hidden = document.createElement('input');
    hidden.type = 'hidden';
    hidden.name = 'action';
    hidden.value = action;
    form.appendChild(hidden);
    form.removeAttribute('data-quiz');
    HTMLFormElement.prototype.submit.call(form);
  }

  function showChecks(checks) {
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
        // The server's own typesetting (KaTeX) of the value it read.
        value.innerHTML = c.html;
        div.appendChild(value);
      } else {
        div.textContent = c.error;
      }
      slot.replaceChildren(div);
    });
  }

  function showSubmission(r) {
    (r.parts || []).forEach(function (p) {
      var slot = fieldSlot(p.field, 'feedback');
      // feedbackHtml is the server's own rendering of the grader's text (escaped, KaTeX).
      if (slot) slot.innerHTML = p.feedbackHtml;
    });
    // The points: per problem in its heading, the attempt's at the top (server-rendered, escaped).
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
    var actions = form.querySelector('.actions');
    if (!r.canSubmit) {
      form.querySelectorAll('input[type=text], textarea').forEach(function (el) {
        el.readOnly = true;
      });
      form.querySelectorAll('input[type=radio], input[type=checkbox]').forEach(function (el) {
        el.disabled = true;
      });
      // The attempt is closed: its buttons go rather than stay greyed out without a reason.
      form.querySelectorAll('button[value=check], button[value=submit]').forEach(function (el) {
        el.remove();
      });
      var timer = document.getElementById('timer');
      if (timer) timer.remove();
      stopTimer();
    }
    if (r.solutionsAvailable && !document.getElementById('show-solutions')) {
      // The whole page again, with the solutions (a form post: the session stays out of the URL).
      var show = document.createElement('button');
      show.type = 'submit';
      show.name = 'action';
      show.value = 'open';
      show.id = 'show-solutions';
      show.textContent = form.dataset.showSolutions;
      actions.appendChild(show);
    }
    if (r.canStartNewAttempt && !form.querySelector('button[value=new-attempt]')) {
      var again = document.createElement('button');
      again.type = 'submit';
      again.name = 'action';
      again.value = 'new-attempt';
      again.textContent = form.dataset.newAttempt;
      actions.appendChild(again);
    }
    // Last: the feedback above has grown the page, and the message must end up on screen.
    announce(r.message + (summary && r.summaryHtml ? ' ' + summary.textContent : ''), false);
  }

  // Autosave: a few seconds after the student stops typing, the draft is stored on the server.
  var dirty = false;
  var saveTimer = null;
  // getAttribute: the buttons named "action" shadow form.action.
  function postForm(action) {
    var body = new URLSearchParams(new FormData(form));
    body.set('action', action);
    return fetch(form.getAttribute('action'), {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: body,
      credentials: 'same-origin',
    });
  }
  function saveDraft() {
    if (!dirty) return Promise.resolve();
    dirty = false;
    return postForm('save')
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (r) {
        var time = new Date(r.savedAt);
        document.getElementById('save-status').textContent =
          form.dataset.saved +
          ' ' +
          ('0' + time.getHours()).slice(-2) +
          ':' +
          ('0' + time.getMinutes()).slice(-2) +
          ':' +
          ('0' + time.getSeconds()).slice(-2);
      })
      .catch(function () {
        // Not saved: try again with the next change or tick.
        dirty = true;
      });
  }
  if (form.hasAttribute('data-autosave')) {
    var onEdit = function () {
      dirty = true;
      clearTimeout(saveTimer);
      saveTimer = setTimeout(saveDraft, 2000);
    };
    form.addEventListener('input', onEdit);
    form.addEventListener('change', onEdit);
    // Leaving the page: send what is unsaved without waiting for an answer.
    window.addEventListener('pagehide', function () {
      if (!dirty || !navigator.sendBeacon) return;
      var body = new URLSearchParams(new FormData(form));
      body.set('action', 'save');
      navigator.sendBeacon(
        form.getAttribute('action'),
        new Blob([body.toString()], { type: 'application/x-www-form-urlencoded' }),
      );
    });
  }

  // Exam mode: the time left counts down in the sticky bar; the server's clock decides, this only
  // shows it. Screen readers hear it at 10 and at 1 minute left; the last five minutes show
  // seconds. At the end the last changes are saved and the server's page shows the closed attempt.
  var timerBox = document.getElementById('timer');
  var tick = null;
  function stopTimer() {
    if (tick) clearInterval(tick);
    tick = null;
  }
  function formatLeft(ms) {
    var s = Math.floor(ms / 1000);
    if (s > 300) return Math.ceil(s / 60) + ' ' + form.dataset.minutes;
    return Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
  }
  if (timerBox && timerBox.dataset.secondsLeft) {
    var endsAt = Date.now() + Number(timerBox.dataset.secondsLeft) * 1000;
    var shown = document.getElementById('time-left');
    var spoken = document.getElementById('timer-announce');
    var said = {};
    var say = function (key, text) {
      if (said[key] || !spoken) return;
      said[key] = true;
      spoken.textContent = text;
    };
    var initial = endsAt - Date.now();
    // A page opened with less than that left does not announce what already passed.
    if (initial <= 600000) said.left10 = true;
    if (initial <= 60000) said.left1 = true;
    tick = setInterval(function () {
      var left = Math.max(0, endsAt - Date.now());
      if (shown) shown.textContent = formatLeft(left);
      timerBox.classList.toggle('soon', left <= 300000);
      if (left <= 600000) say('left10', timerBox.dataset.left10);
      if (left <= 60000) say('left1', timerBox.dataset.left1);
      if (left === 0) {
        stopTimer();
        say('up', timerBox.dataset.timeUp);
        saveDraft().then(function () {
          fallback('open');
        });
      } else if (left < 15000) {
        saveDraft();
      }
    }, 1000);
  }

  // The problems strip: each problem's state follows what is typed (required parts only).
  var nav = document.querySelector('.problem-nav');
  function updateNav() {
    if (!nav) return;
    document.querySelectorAll('section[data-problem]').forEach(function (section) {
      var index = section.dataset.problem;
      var link = document.getElementById('nav-' + index);
      if (!link) return;
      var names = {};
      section.querySelectorAll('[data-required] [name]').forEach(function (el) {
        names[el.name] = names[el.name] || false;
        if (el.type === 'radio' || el.type === 'checkbox') {
          if (el.checked) names[el.name] = true;
        } else if (el.value.trim() !== '') names[el.name] = true;
      });
      var all = Object.keys(names);
      var filled = all.filter(function (n) {
        return names[n];
      }).length;
      var state = filled === all.length ? 'answered' : filled > 0 ? 'partlyAnswered' : 'unanswered';
      if (link.className === state) return;
      link.className = state;
      var label = link.querySelector('.nav-state');
      if (label) label.textContent = nav.dataset[state];
    });
  }
  form.addEventListener('input', updateNav);
  form.addEventListener('change', updateNav);

  // A request that did not get through (network down, server error, too many requests) keeps the
  // page as it is: the answers stay in their fields, the message says so, and the retry sends the
  // same form with the same idempotency key, so a submit that did reach the server is not stored twice.
  function notSent(submitter, detail) {
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

  // A submit with blank or unreadable parts: the server's summary goes above the problems and
  // each part shows how it was read; "Submit anyway" in it sends 'submit-confirmed'.
  function showConfirm(r) {
    showChecks(r.checks || {});
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

  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    var action = submitter && submitter.value;
    if (action !== 'check' && action !== 'submit' && action !== 'submit-confirmed') return;
    event.preventDefault();
    form.setAttribute('aria-busy', 'true');
    submitter.disabled = true;
    if (action !== 'check') clearTimeout(saveTimer);
    postForm(action)
      .then(function (res) {
        var isJson = (res.headers.get('content-type') || '').indexOf('application/json') === 0;
        // The attempt was closed meanwhile (time up, another tab): the server's page shows it.
        if (res.status === 409) return fallback(action);
        if (!res.ok) {
          if (!isJson) throw new Error('HTTP ' + res.status);
          return res.json().then(function (r) {
            notSent(submitter, r && r.error);
          });
        }
        if (!isJson) throw new Error('HTTP ' + res.status);
        return res.json().then(function (r) {
          form.removeAttribute('aria-busy');
          submitter.disabled = false;
          if (action === 'check') showChecks(r.checks || {});
          else if (r.needsConfirm) showConfirm(r);
          else {
            // Submitted: the summary asked before is answered.
            var asked = document.getElementById('confirm-slot');
            if (asked) {
              var empty = document.createElement('div');
              empty.id = 'confirm-slot';
              asked.replaceWith(empty);
            }
            showSubmission(r);
          }
        });
      })
      .catch(function () {
        notSent(submitter);
      });
  });
})();
