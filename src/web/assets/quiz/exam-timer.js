// Exam mode: the time left counts down in the sticky bar; the server's clock decides, this only
// shows it. Screen readers hear it at 10 and at 1 minute left; the last five minutes show
// seconds. At the end the last changes are saved and the server's page shows the closed attempt.
import { fallback } from './page-status.js';

function formatLeft(ms, minutesWord) {
  var s = Math.floor(ms / 1000);
  if (s > 300) return Math.ceil(s / 60) + ' ' + minutesWord;
  return Math.floor(s / 60) + ':' + ('0' + (s % 60)).slice(-2);
}

/** Starts the countdown if the page has one; returns its stop function (a no-op without one). */
export function startExamTimer(form, draft) {
  var timerBox = document.getElementById('timer');
  var tick = null;
  function stop() {
    if (tick) clearInterval(tick);
    tick = null;
  }
  if (!timerBox || !timerBox.dataset.secondsLeft) return stop;
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
    if (shown) shown.textContent = formatLeft(left, form.dataset.minutes);
    timerBox.classList.toggle('soon', left <= 300000);
    if (left <= 600000) say('left10', timerBox.dataset.left10);
    if (left <= 60000) say('left1', timerBox.dataset.left1);
    if (left === 0) {
      stop();
      say('up', timerBox.dataset.timeUp);
      draft.save().then(function () {
        fallback(form, 'open');
      });
    } else if (left < 15000) {
      draft.save();
    }
  }, 1000);
  return stop;
}
