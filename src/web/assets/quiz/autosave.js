// Autosave: a few seconds after the student stops typing, the draft is stored on the server.

/** The form sent as `action` with fetch, answered in JSON. */
export function postForm(form, action) {
  var body = new URLSearchParams(new FormData(form));
  body.set('action', action);
  // getAttribute: the buttons named "action" shadow form.action.
  return fetch(form.getAttribute('action'), {
    method: 'POST',
    headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
    body: body,
    credentials: 'same-origin',
  });
}

function clock(time) {
  return [time.getHours(), time.getMinutes(), time.getSeconds()]
    .map(function (n) {
      return ('0' + n).slice(-2);
    })
    .join(':');
}

/**
 * The draft's saver: `save()` sends what changed since the last save (a failed save stays to send),
 * `cancel()` drops the pending timer (a submit sends the answers itself).
 */
export function startAutosave(form) {
  var dirty = false;
  var saveTimer = null;
  function save() {
    if (!dirty) return Promise.resolve();
    dirty = false;
    return postForm(form, 'save')
      .then(function (res) {
        if (!res.ok) throw new Error('HTTP ' + res.status);
        return res.json();
      })
      .then(function (r) {
        document.getElementById('save-status').textContent = form.dataset.saved + ' ' + clock(new Date(r.savedAt));
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
      saveTimer = setTimeout(save, 2000);
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
  return {
    save: save,
    cancel: function () {
      clearTimeout(saveTimer);
    },
  };
}
