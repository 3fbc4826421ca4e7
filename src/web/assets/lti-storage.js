// LTI platform storage (1EdTech "Client Side postMessages"): when the browser keeps no cookie in
// the LMS frame, the platform keeps the login's state and nonce for the tool. "put" stores them at
// login and goes on to the platform; "check" reads them back at launch and continues only if they
// are this launch's, otherwise it shows the "Open in a new window" block.
(function () {
  'use strict';
  var el = document.getElementById('lti-storage');
  if (!el) return;
  var d = el.dataset;
  var parentWindow = window.parent !== window ? window.parent : window.opener;
  var target = null;
  try {
    target = d.target === '_parent' ? parentWindow : parentWindow && parentWindow.frames[d.target];
  } catch {
    // A frame of another origin that is not there (the platform offered no such target).
    target = null;
  }
  var pending = {};
  var sent = 0;
  window.addEventListener('message', function (event) {
    var m = event.data;
    if (event.origin !== d.origin || !m || typeof m !== 'object' || !pending[m.message_id]) return;
    var done = pending[m.message_id];
    delete pending[m.message_id];
    done(m.error ? null : m);
  });
  function ask(subject, key, value) {
    return new Promise(function (resolve) {
      sent += 1;
      var id = subject + '-' + sent;
      var message = { subject: subject, message_id: id, key: key };
      if (value !== undefined) message.value = value;
      if (!target) return resolve(null);
      var post = function () {
        target.postMessage(message, d.origin);
      };
      // The platform's page may start listening after this frame's first message (its script can
      // wait for a stylesheet while the frame loads): a message nobody heard is lost, so the same
      // one goes again until it is answered. Both messages are idempotent; one answer is read.
      var again = setInterval(post, 250);
      pending[id] = function (answer) {
        clearInterval(again);
        resolve(answer);
      };
      post();
      setTimeout(function () {
        var done = pending[id];
        if (!done) return;
        delete pending[id];
        done(null);
      }, 3000);
    });
  }
  var stateKey = 'state_' + d.state;
  var nonceKey = 'nonce_' + d.nonce;
  if (d.mode === 'put') {
    // Stored or not (a platform that does not answer), the login goes on: cookies may still work.
    Promise.all([ask('lti.put_data', stateKey, d.state), ask('lti.put_data', nonceKey, d.nonce)]).then(function () {
      window.location.replace(d.next);
    });
    return;
  }
  Promise.all([ask('lti.get_data', stateKey), ask('lti.get_data', nonceKey)]).then(function (answers) {
    var ok = answers[0] && answers[0].value === d.state && answers[1] && answers[1].value === d.nonce;
    if (ok) {
      document.getElementById('lti-storage-form').submit();
      return;
    }
    document.getElementById('lti-storage-wait').hidden = true;
    document.getElementById('new-window').hidden = false;
  });
})();
