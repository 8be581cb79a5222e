// CrossLayer dashboard: a few lines of plain script, no framework, no inline script (CSP: script-src 'self').
// Elements marked data-method/data-url send JSON to the API with the session's CSRF token (meta csrf-token)
// and show the problem detail (RFC 9457) when the API refuses.
(function () {
  'use strict';

  function token() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }

  function problemBox(near) {
    var scope = near.closest('form') || document;
    return scope.querySelector('.problem') || document.querySelector('.problem');
  }

  function showProblem(near, text) {
    var box = problemBox(near);
    if (box) {
      box.textContent = text;
      box.hidden = false;
    } else {
      window.alert(text);
    }
  }

  function then(target, element) {
    if (target === 'poll') {
      element.disabled = true;
      poll(element.closest('[data-poll-url]'));
    } else if (target === 'reload') {
      window.location.reload();
    } else if (target) {
      window.location.assign(target);
    }
  }

  function problemText(response) {
    return response.text().then(function (body) {
      try {
        var problem = JSON.parse(body);
        return (problem.title ? problem.title + ': ' : '') + (problem.detail || response.statusText);
      } catch (e) {
        return response.status + ' ' + response.statusText;
      }
    });
  }

  function get(url) {
    return fetch(url, {headers: {'Accept': 'application/json'}, credentials: 'same-origin'});
  }

  function send(method, url, body) {
    var headers = {'X-CSRF-Token': token(), 'Accept': 'application/json, application/problem+json'};
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    return fetch(url, {method: method, headers: headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body)});
  }

  // A form's fields as JSON: "a.b" nests, data-type says how a value is read.
  function serialize(form) {
    var body = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.disabled && field.type !== 'hidden') {
        return;
      }
      var type = field.dataset.type;
      var value;
      if (field.type === 'checkbox' && !type) {
        if (!field.checked) {
          return;
        }
        value = field.value;
      } else if (type === 'bool') {
        value = field.checked;
      } else if (type === 'int') {
        value = parseInt(field.value, 10);
      } else if (type === 'list') {
        value = field.value.split(/[\s,]+/).filter(function (v) { return v.length > 0; });
      } else if (type === 'nullable-int') {
        // Not a number: sent as typed, so that the server refuses it rather than reading it as empty.
        value = field.value.trim() === '' ? null
            : isNaN(Number(field.value.trim())) ? field.value.trim() : Number(field.value.trim());
      } else if (type === 'nullable') {
        value = field.value.trim() === '' ? null : field.value.trim();
      } else {
        value = field.value;
      }
      var path = field.name.split('.');
      var node = body;
      for (var i = 0; i < path.length - 1; i++) {
        node = node[path[i]] = node[path[i]] || {};
      }
      var last = path[path.length - 1];
      if (field.type === 'checkbox' && !type) {
        (node[last] = node[last] || []).push(value);
      } else {
        node[last] = value;
      }
    });
    return body;
  }

  // What changed meanwhile: each field's value as the page was loaded against the current one. The write side
  // refused us from its own state; the read model may show the newer revision a moment later, so ask again
  // (for a few seconds) until it does.
  function showConflict(form, tries) {
    tries = tries || 0;
    var readAt = Number(form.elements.revision ? form.elements.revision.value : -1);
    get(form.dataset.conflictUrl)
      .then(function (r) { return r.json(); })
      .then(function (current) {
        if (current.revision <= readAt && tries < 25) {
          setTimeout(function () { showConflict(form, tries + 1); }, 200);
          return;
        }
        var box = form.querySelector('.conflict');
        var list = box.querySelector('.changes');
        list.textContent = '';
        Array.prototype.forEach.call(form.elements, function (field) {
          if (!field.name || field.name.indexOf('settings.') !== 0) {
            return;
          }
          var name = field.name.substring('settings.'.length);
          var now = current.settings[name];
          var was;
          if (field.dataset.type === 'bool') {
            was = field.defaultChecked;
          } else if (field.dataset.type === 'list') {
            was = field.defaultValue.split(/[\s,]+/).filter(function (v) { return v.length > 0; });
          } else if (field.tagName === 'SELECT') {
            var chosen = Array.prototype.find.call(field.options, function (o) { return o.defaultSelected; });
            was = chosen ? chosen.value : null;
          } else {
            was = field.defaultValue === '' && field.dataset.type === 'nullable' ? null : field.defaultValue;
          }
          if (JSON.stringify(was) !== JSON.stringify(now)) {
            var item = document.createElement('li');
            item.textContent = name + ': ' + JSON.stringify(was) + ' \u2192 ' + JSON.stringify(now);
            list.appendChild(item);
          }
        });
        var who = document.createElement('li');
        who.textContent = 'now revision ' + current.revision + (current.changedBy ? ', by ' + current.changedBy + ' at ' + current.changedAt : '');
        list.appendChild(who);
        box.hidden = false;
      });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.dataset.submit === 'form') {
      // A plain form (sign-in) sent by script so that the browser lands on a page, not on JSON.
      event.preventDefault();
      fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin'})
        .then(function (response) {
          if (response.ok) {
            then(form.dataset.then);
          } else {
            problemText(response).then(function (text) { showProblem(form, text); });
          }
        });
      return;
    }
    if (!form.dataset.method) {
      return;
    }
    event.preventDefault();
    send(form.dataset.method, form.dataset.url, serialize(form)).then(function (response) {
      if (response.ok) {
        then(form.dataset.then);
      } else if (response.status === 409 && form.dataset.conflictUrl) {
        showConflict(form);
      } else {
        problemText(response).then(function (text) { showProblem(form, text); });
      }
    });
  });

  document.addEventListener('click', function (event) {
    var button = event.target.closest('button[data-method], button[data-get]');
    if (!button) {
      return;
    }
    if (button.dataset.get) {
      var output = document.getElementById(button.dataset.target);
      output.textContent = 'Working\u2026';
      get(button.dataset.get)
        .then(function (response) {
          return response.ok ? response.json().then(function (body) { return JSON.stringify(body, null, 2); })
            : problemText(response);
        })
        .then(function (text) { output.textContent = text; });
      return;
    }
    if (button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      return;
    }
    var body = button.dataset.body ? JSON.parse(button.dataset.body) : undefined;
    send(button.dataset.method, button.dataset.url, body).then(function (response) {
      if (response.ok) {
        then(button.dataset.then, button);
      } else {
        problemText(response).then(function (text) { showProblem(button, text); });
      }
    });
  });

  // An outcome that arrives later (a disconnected integration's revocation at the provider): the row asks its
  // URL each second, for half a minute, and shows each field as it changes, until the outcome is known.
  var FINAL = ['succeeded', 'failed', 'not-needed'];
  function poll(row) {
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      get(row.dataset.pollUrl)
        .then(function (r) { return r.json(); })
        .then(function (body) {
          Array.prototype.forEach.call(row.querySelectorAll('[data-field]'), function (cell) {
            var value = body[cell.dataset.field];
            cell.textContent = value === null || value === undefined ? '' : value;
          });
          if (FINAL.indexOf(body.providerRevocation) >= 0 || tries >= 30) {
            window.clearInterval(timer);
            var live = document.querySelector('.live');
            if (live) {
              live.textContent = 'Provider revocation: ' + (body.providerRevocation || 'not known yet');
            }
          }
        });
    }, 1000);
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-polling]'), poll);

  // A GitHub account's repositories as checkboxes, ticked where CrossLayer may read them now.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-choices]'), function (form) {
    var box = form.querySelector('.choices');
    get(form.dataset.choices)
      .then(function (response) {
        if (!response.ok) {
          return problemText(response).then(function (text) { box.textContent = text; });
        }
        return response.json().then(function (choices) {
          box.textContent = choices.length ? '' : 'The account sees no repository.';
          choices.forEach(function (choice, i) {
            var line = document.createElement('p');
            line.className = 'check';
            var input = document.createElement('input');
            input.type = 'checkbox';
            input.name = 'repositories';
            input.value = choice.fullName;
            input.id = 'repository-' + i;
            input.checked = choice.connected;
            var label = document.createElement('label');
            label.htmlFor = input.id;
            label.textContent = choice.fullName;
            line.appendChild(input);
            line.appendChild(label);
            box.appendChild(line);
          });
        });
      });
  });
}());
