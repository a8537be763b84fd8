// The Slimline console. Pages are shells; data comes from the API and the console's fragments.
// With tokens on, the token is asked for once, kept in this tab's session storage and sent as the
// Authorization header: no cookie, so no request can be forged from another site.
(function () {
  'use strict';
  var TOKEN_KEY = 'slimline.token';

  function authOn() { return document.body.dataset.auth === 'on'; }
  function token() { return sessionStorage.getItem(TOKEN_KEY); }
  function headers(extra) {
    var all = extra || {};
    if (authOn() && token()) { all.Authorization = 'Bearer ' + token(); }
    return all;
  }

  function notice(text) {
    var box = document.getElementById('notice');
    if (!box) { return; }
    box.textContent = text;
    box.hidden = !text;
  }

  function askForToken(problem) {
    sessionStorage.removeItem(TOKEN_KEY);
    var prompt = document.getElementById('token-prompt');
    var why = document.getElementById('token-problem');
    why.textContent = problem || '';
    why.hidden = !problem;
    prompt.hidden = false;
    document.getElementById('token-input').focus();
  }

  /** Everything on the page that loads data starts now, the token being known (or not needed). */
  function ready() {
    document.getElementById('token-prompt').hidden = true;
    htmx.trigger(document.body, 'slimline:ready');
    var job = document.body.dataset.job;
    if (job) { followLog(job); }
  }

  function problemText(problem, fallback) {
    if (!problem) { return fallback; }
    return (problem.title || fallback) + (problem.detail ? ': ' + problem.detail : '');
  }

  function readProblem(response) {
    return response.json().catch(function () { return null; });
  }

  // --- the job's log, followed as the API streams it ---
  var following = null;
  function followLog(id) {
    if (following === id) { return; }
    following = id;
    var pre = document.getElementById('log');
    var state = document.getElementById('log-state');
    pre.textContent = '';
    state.textContent = '(following)';
    fetch('/api/v1/jobs/' + encodeURIComponent(id) + '/logs?follow=true', { headers: headers() })
      .then(function (response) {
        if (response.status === 401) { following = null; askForToken('The token was refused.'); return null; }
        if (!response.ok) {
          return readProblem(response).then(function (p) { state.textContent = problemText(p, 'no log'); });
        }
        var reader = response.body.getReader();
        var decoder = new TextDecoder();
        function more() {
          return reader.read().then(function (chunk) {
            if (chunk.done) {
              pre.textContent += decoder.decode();
              state.textContent = '(complete)';
              following = null;
              return null;
            }
            var atEnd = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
            pre.textContent += decoder.decode(chunk.value, { stream: true });
            if (atEnd) { pre.scrollTop = pre.scrollHeight; }
            return more();
          });
        }
        return more();
      })
      .catch(function (e) { following = null; state.textContent = '(interrupted: ' + e.message + ')'; });
  }

  // --- downloads: a plain link without tokens; with them, fetched with the header and saved ---
  function download(link, event) {
    if (!authOn()) { return; }
    event.preventDefault();
    fetch(link.getAttribute('href'), { headers: headers() }).then(function (response) {
      if (!response.ok) {
        return readProblem(response).then(function (p) { notice(problemText(p, 'download failed')); });
      }
      return response.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = link.getAttribute('download') || 'download';
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
      });
    });
  }

  // --- the submit form: its fields as the API's JSON; a refused submit's problems next to their fields ---
  function number(value) {
    var text = value.trim();
    return /^[0-9]+$/.test(text) ? Number(text) : text;
  }

  function jobRequest(form) {
    var probes = [];
    form.querySelectorAll('.probe-row').forEach(function (row) {
      var part = function (name) { return row.querySelector('[data-part="' + name + '"]'); };
      row.querySelectorAll('[data-part]').forEach(function (e) { delete e.dataset.field; });
      if (!part('port').value.trim()) { return; }
      var i = probes.length;
      ['method', 'path', 'port', 'expectStatus'].forEach(function (name) {
        part(name).dataset.field = 'httpProbes[' + i + '].' + name;
      });
      var probe = { method: part('method').value, path: part('path').value, port: number(part('port').value) };
      if (part('expectStatus').value.trim()) { probe.expectStatus = number(part('expectStatus').value); }
      probes.push(probe);
    });
    var request = { image: form.elements.image.value.trim(), pull: form.elements.pull.value };
    if (probes.length) { request.httpProbes = probes; }
    var probeSettings = { stop: form.elements.stop.value };
    if (form.elements.stopAfterSeconds.value.trim()) {
      probeSettings.stopAfterSeconds = number(form.elements.stopAfterSeconds.value);
    }
    request.probes = probeSettings;
    var hook = form.elements.notifyUrl.value.trim();
    if (hook) {
      request.notify = {
        url: hook,
        secret: form.elements.notifySecret.value,
        events: Array.prototype.filter.call(form.querySelectorAll('[name=notifyEvents]'), function (box) {
          return box.checked;
        }).map(function (box) { return box.value; })
      };
    }
    return request;
  }

  function clearProblems(form) {
    form.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
    form.querySelectorAll('[aria-invalid]').forEach(function (e) { e.removeAttribute('aria-invalid'); });
    var box = form.querySelector('#form-problem');
    box.hidden = true;
    box.textContent = '';
  }

  function showProblems(form, problem) {
    var box = form.querySelector('#form-problem');
    var unplaced = [];
    (problem && problem.errors || []).forEach(function (error) {
      var field = form.querySelector('[data-field="' + CSS.escape(error.field) + '"]');
      if (!field) { unplaced.push(error.field + ' ' + error.message); return; }
      field.setAttribute('aria-invalid', 'true');
      var message = document.createElement('span');
      message.className = 'field-error';
      message.dataset.errorFor = error.field;
      message.textContent = error.message;
      field.insertAdjacentElement('afterend', message);
    });
    box.textContent = problemText(problem, 'The job was refused') + (unplaced.length ? ' — ' + unplaced.join('; ') : '');
    box.hidden = false;
  }

  function submit(form, event) {
    event.preventDefault();
    clearProblems(form);
    var button = form.querySelector('#submit-job');
    button.disabled = true;
    fetch('/api/v1/jobs', {
      method: 'POST',
      headers: headers({ 'Content-Type': 'application/json', Accept: 'application/json' }),
      body: JSON.stringify(jobRequest(form))
    }).then(function (response) {
      if (response.status === 401) { askForToken('The token was refused.'); return null; }
      return readProblem(response).then(function (body) {
        if (response.ok) {
          window.location.assign('/jobs/' + encodeURIComponent(body.id));
        } else {
          showProblems(form, body);
        }
      });
    }).catch(function (e) {
      showProblems(form, { title: 'Could not reach Slimline', detail: e.message });
    }).finally(function () { button.disabled = false; });
  }

  document.addEventListener('htmx:configRequest', function (event) {
    if (authOn() && token()) { event.detail.headers.Authorization = 'Bearer ' + token(); }
  });

  document.addEventListener('htmx:responseError', function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 401) { askForToken('The token was refused.'); return; }
    var problem = null;
    try { problem = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
    notice(problemText(problem, 'Request failed (' + xhr.status + ')'));
  });

  document.addEventListener('htmx:sendError', function () {
    notice('Slimline did not answer; retrying while the page stays open.');
  });

  document.addEventListener('htmx:afterRequest', function (event) {
    if (event.detail.successful) { notice(''); }
  });

  document.addEventListener('submit', function (event) {
    if (event.target.id === 'token-form') {
      event.preventDefault();
      var value = document.getElementById('token-input').value.trim();
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        document.getElementById('token-input').value = '';
        ready();
      }
    } else if (event.target.id === 'submit-form') {
      submit(event.target, event);
    }
  });

  document.addEventListener('click', function (event) {
    var target = event.target.closest ? event.target.closest('a.download, #add-probe, [data-action]') : null;
    if (!target) { return; }
    if (target.matches('a.download')) {
      download(target, event);
    } else if (target.id === 'add-probe') {
      var rows = document.getElementById('probe-rows');
      var row = rows.querySelector('.probe-row').cloneNode(true);
      row.querySelectorAll('input').forEach(function (input) { input.value = input.name === 'path' ? '/' : ''; });
      row.querySelectorAll('[data-field]').forEach(function (e) { delete e.dataset.field; });
      row.querySelectorAll('.field-error').forEach(function (e) { e.remove(); });
      rows.appendChild(row);
    } else if (target.dataset.action === 'forget-token') {
      sessionStorage.removeItem(TOKEN_KEY);
      window.location.reload();
    }
  });

  document.addEventListener('DOMContentLoaded', function () {
    if (authOn() && !token()) {
      askForToken('');
    } else {
      ready();
    }
  });
}());
