// The problems strip: each problem's state follows what is typed (required parts only).

function problemState(section) {
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
  return filled === all.length ? 'answered' : filled > 0 ? 'partlyAnswered' : 'unanswered';
}

export function followProblemNav(form) {
  var nav = document.querySelector('.problem-nav');
  if (!nav) return;
  function update() {
    document.querySelectorAll('section[data-problem]').forEach(function (section) {
      var link = document.getElementById('nav-' + section.dataset.problem);
      if (!link) return;
      var state = problemState(section);
      if (link.className === state) return;
      link.className = state;
      var label = link.querySelector('.nav-state');
      if (label) label.textContent = nav.dataset[state];
    });
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
}
