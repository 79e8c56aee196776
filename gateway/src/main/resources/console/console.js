// keyshift's operator console: views over the admin API, with the admin token the operator enters
// once, kept in this tab's sessionStorage only. Every change goes through the API with If-Match, and
// every refusal is shown with the API's own message. The DOM is built with textContent only: nothing
// the API answers is ever parsed as HTML.
'use strict';

(() => {
  const TOKEN = 'keyshift.adminToken';
  const $ = (id) => document.getElementById(id);

  /** An element with attributes (a "class", "for", event "on*" functions) and children. */
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([name, value]) => {
      if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
      else if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
    });
    children.flat(Infinity).forEach((child) => {
      if (child !== undefined && child !== null) {
        node.append(child instanceof Node ? child : document.createTextNode(String(child)));
      }
    });
    return node;
  }

  class ApiError extends Error {
    constructor(status, code, message) {
      super(code ? code + ': ' + message : message);
      this.status = status;
      this.code = code;
    }
  }

  /** One admin API call; answers {json, etag} or throws an ApiError with the API's message. */
  async function api(method, path, body, ifMatch) {
    const headers = { Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (ifMatch) headers['If-Match'] = ifMatch;
    const response = await fetch(path, {
      method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
    if (!response.ok) {
      const error = json && json.error ? json.error : {};
      throw new ApiError(response.status, error.code, error.message || 'HTTP ' + response.status);
    }
    return { json, etag: response.headers.get('ETag') };
  }

  function say(text, kind) {
    const box = $('message');
    box.textContent = text;
    box.className = kind === 'info' ? 'info' : '';
    box.hidden = !text;
    if (text) box.scrollIntoView({ block: 'nearest' });
  }

  function fail(error) {
    if (error.status === 401) {
      sessionStorage.removeItem(TOKEN);
      showLogin('The gateway no longer accepts this token (' + error.message + '). Enter it again.');
      return;
    }
    say(error.message);
  }

  const seg = (text) => encodeURIComponent(text);
  const aliasPath = (name) => '/admin/v1/aliases/' + seg(name);

  function shares(versions, weights) {
    const total = versions.reduce((sum, v) => sum + (weights[v.id] || 0), 0);
    const out = {};
    versions.forEach((v) => { out[v.id] = total === 0 ? 0 : (100 * (weights[v.id] || 0)) / total; });
    return out;
  }

  function shareBar(versions, weights) {
    const share = shares(versions, weights);
    const bar = el('div', { class: 'bar', role: 'img', 'aria-label': 'shares of new wraps' });
    versions.forEach((v) => {
      if (share[v.id] > 0) {
        const part = el('span', { title: v.id + ' ' + share[v.id].toFixed(1) + '%' }, v.id);
        part.style.width = share[v.id] + '%';
        bar.append(part);
      }
    });
    return bar;
  }

  function table(headers, rows, id) {
    return el('table', { id },
      el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, rows.map((cells) => el('tr', {}, cells.map((c) => el('td', {}, c))))));
  }

  function view(...children) {
    const target = $('view');
    target.replaceChildren(...children.flat());
    const heading = target.querySelector('h2');
    if (heading) { heading.setAttribute('tabindex', '-1'); heading.focus(); }
  }

  // ---- views ----

  async function aliasesView() {
    const { json } = await api('GET', '/admin/v1/aliases');
    view(el('h2', {}, 'Aliases'),
      table(['Alias', 'Revision', 'Weights', 'Plan'], json.aliases.map((a) => [
        el('a', { href: '#/alias/' + seg(a.name) }, a.name),
        a.revision,
        a.versions.map((v) => v.id + '=' + v.weight + (v.state === 'disabled' ? ' (disabled)' : '')).join(' '),
        a.plan ? a.plan.id + ': ' + a.plan.state + ', step ' + a.plan.step + ' of ' + a.plan.steps.length : '-',
      ]), 'aliases'));
  }

  async function aliasView(name) {
    const [{ json: alias, etag }, { json: usage }] = await Promise.all([
      api('GET', aliasPath(name)), api('GET', aliasPath(name) + '/usage')]);
    const weights = {};
    alias.versions.forEach((v) => { weights[v.id] = v.weight; });
    const share = shares(alias.versions, weights);
    const retire = await retireChecks(alias);
    view(
      el('h2', {}, 'Alias ' + alias.name),
      el('p', { class: 'muted' }, 'revision ' + alias.revision + ', lazy rewrap ' + (alias.lazyRewrap ? 'on' : 'off')),
      shareBar(alias.versions, weights),
      table(['Version', 'Backend', 'Key', 'Algorithm', 'Weight', 'Share', 'State', 'Shadow', ''],
        alias.versions.map((v) => [v.id, v.backend, v.key, v.algorithm, v.weight, share[v.id].toFixed(1) + '%',
          v.state, (v.shadow || 0) + '%', stateButton(alias, v, etag)]), 'versions'),
      el('h2', {}, 'Usage and migration progress'),
      progress(alias, usage),
      table(['Version', 'Wraps', 'Last wrap', 'Unwraps', 'Last unwrap', 'Retire check'],
        alias.versions.map((v) => {
          const u = usage.versions[v.id] || {};
          return [v.id, (u.wraps || {}).count || 0, (u.wraps || {}).last || '-',
            (u.unwraps || {}).count || 0, (u.unwraps || {}).last || '-', retire[v.id]];
        }), 'usage'),
      weightsForm(alias, etag),
      addVersionForm(alias),
      planSection(alias, etag));
  }

  /** The share of application unwraps still on versions older than the newest weighted one. */
  function progress(alias, usage) {
    const weighted = alias.versions.filter((v) => v.weight > 0);
    if (weighted.length === 0) return el('p', {}, '-');
    const newest = alias.versions.indexOf(weighted[weighted.length - 1]);
    let old = 0;
    let all = 0;
    alias.versions.forEach((v, i) => {
      const count = ((usage.versions[v.id] || {}).unwraps || {}).count || 0;
      all += count;
      if (i < newest) old += count;
    });
    return el('p', { id: 'progress' }, all === 0
      ? 'No unwrap counted yet.'
      : (100 * old / all).toFixed(1) + '% of ' + all + ' unwraps were of blobs on versions older than '
        + alias.versions[newest].id + '.');
  }

  async function retireChecks(alias) {
    const out = {};
    await Promise.all(alias.versions.map(async (v) => {
      if (v.weight > 0) { out[v.id] = 'takes wraps'; return; }
      try {
        const { json } = await api('GET', aliasPath(alias.name) + '/versions/' + seg(v.id) + '/retire-check');
        const unmet = json.criteria.filter((c) => !c.met).map((c) => c.criterion);
        out[v.id] = el('span', { class: json.ready ? 'met' : 'unmet' },
          json.ready ? 'ready' : 'not ready: ' + unmet.join(', '));
      } catch (error) {
        out[v.id] = error.message;
      }
    }));
    return out;
  }

  function stateButton(alias, version, etag) {
    const next = version.state === 'enabled' ? 'disabled' : 'enabled';
    return el('button', {
      type: 'button', id: 'state-' + version.id, class: next === 'disabled' ? 'danger' : '',
      onclick: () => change('PUT', aliasPath(alias.name) + '/versions/' + seg(version.id) + '/state',
        { state: next }, etag, (next === 'disabled' ? 'Disabled ' : 'Enabled ') + version.id),
    }, next === 'disabled' ? 'Disable' : 'Enable');
  }

  function weightsForm(alias, etag) {
    const inputs = alias.versions.map((v) => el('input', {
      type: 'number', min: '0', step: '1', class: 'weight', id: 'weight-' + v.id, value: String(v.weight),
      disabled: v.state === 'disabled' ? 'disabled' : false,
    }));
    const preview = el('div', { id: 'weights-preview', class: 'preview', hidden: 'hidden' });
    const form = el('form', {
      id: 'weights-form',
      onsubmit: (event) => {
        event.preventDefault();
        const weights = {};
        inputs.forEach((input, i) => { weights[alias.versions[i].id] = Number(input.value); });
        const after = shares(alias.versions, weights);
        const before = shares(alias.versions, Object.fromEntries(alias.versions.map((v) => [v.id, v.weight])));
        const diff = alias.versions.filter((v) => v.weight !== weights[v.id])
          .map((v) => v.id + ' ' + v.weight + ' → ' + weights[v.id]);
        preview.replaceChildren(
          el('p', {}, 'Change at revision ' + alias.revision + ': ' + (diff.length ? diff.join(', ') : 'nothing')),
          table(['Version', 'Share now', 'Share after'], alias.versions.map((v) =>
            [v.id, before[v.id].toFixed(1) + '%', after[v.id].toFixed(1) + '%']), 'weights-diff'),
          shareBar(alias.versions, weights),
          el('button', {
            type: 'button', class: 'primary', id: 'weights-confirm',
            onclick: () => change('PUT', aliasPath(alias.name) + '/weights', { weights }, etag, 'Weights changed'),
          }, 'Confirm'),
          ' ',
          el('button', { type: 'button', onclick: () => { preview.hidden = true; } }, 'Cancel'));
        preview.hidden = false;
        preview.querySelector('#weights-confirm').focus();
      },
    },
    el('h2', {}, 'Set weights'),
    alias.versions.map((v, i) => [el('label', { for: 'weight-' + v.id }, v.id), inputs[i], ' ']),
    el('button', { type: 'submit', id: 'weights-preview-button' }, 'Preview'),
    preview);
    return form;
  }

  function addVersionForm(alias) {
    const field = (id, label, attrs) => [el('label', { for: id }, label), el('input', { id, required: 'required', ...attrs }), ' '];
    return el('form', {
      id: 'add-version-form',
      onsubmit: (event) => {
        event.preventDefault();
        const body = {
          id: $('new-id').value, backend: $('new-backend').value, key: $('new-key').value,
          algorithm: $('new-algorithm').value,
        };
        if ($('new-hierarchy').checked) body.hierarchy = true;
        change('POST', aliasPath(alias.name) + '/versions', body, null, 'Added version ' + body.id);
      },
    },
    el('h2', {}, 'Add a version'),
    field('new-id', 'Id', { size: '6' }), field('new-backend', 'Backend', { size: '10' }), field('new-key', 'Key', {}),
    el('label', { for: 'new-algorithm' }, 'Algorithm'),
    el('select', { id: 'new-algorithm' }, ['A256KW', 'A256KWP', 'A256GCM', 'RSA-OAEP-256'].map((a) => el('option', {}, a))),
    ' ', el('label', { for: 'new-hierarchy' }, 'Hierarchical'), el('input', { type: 'checkbox', id: 'new-hierarchy' }), ' ',
    el('button', { type: 'submit' }, 'Add'));
  }

  /**
   * A plan's own steps change the alias's revision while it runs, so pause, resume and abort go
   * without If-Match: the gateway still refuses them when the plan is not in a state to take them.
   */
  function planSection(alias, etag) {
    const plan = alias.plan;
    const path = aliasPath(alias.name) + '/plan';
    const parts = [el('h2', {}, 'Plan')];
    if (plan) {
      parts.push(el('p', { id: 'plan-state' }, plan.id + ': ' + plan.state + ', step ' + plan.step + ' of '
        + plan.steps.length + (plan.reason ? ' (' + plan.reason + ')' : '')));
    }
    if (plan && plan.state === 'running') {
      parts.push(el('button', { type: 'button', id: 'plan-pause', onclick: () => change('POST', path + '/pause', {}, null, 'Plan paused') }, 'Pause'), ' ');
    }
    if (plan && plan.state === 'paused') {
      parts.push(el('button', { type: 'button', id: 'plan-resume', onclick: () => change('POST', path + '/resume', {}, null, 'Plan resumed') }, 'Resume'), ' ');
    }
    if (plan && (plan.state === 'running' || plan.state === 'paused')) {
      parts.push(el('button', { type: 'button', class: 'danger', id: 'plan-abort', onclick: () => change('DELETE', path, undefined, null, 'Plan aborted') }, 'Abort'));
      return el('section', { id: 'plan' }, parts);
    }
    const template = {
      steps: [{ weights: Object.fromEntries(alias.versions.map((v) => [v.id, v.weight])), hold: '10m' }],
      gates: { maxErrorRatio: 0.01, minCalls: 100 },
    };
    const text = el('textarea', { id: 'plan-body', 'aria-label': 'plan as JSON' });
    text.value = JSON.stringify(template, null, 2);
    parts.push(el('form', {
      id: 'plan-form',
      onsubmit: (event) => {
        event.preventDefault();
        let body;
        try { body = JSON.parse(text.value); } catch (e) { say('The plan is not JSON: ' + e.message); return; }
        change('PUT', path, body, etag, 'Plan started');
      },
    }, el('p', {}, 'Steps of weights (and shadows), each held and judged by the gates.'), text,
    el('button', { type: 'submit', id: 'plan-start' }, 'Start plan')));
    return el('section', { id: 'plan' }, parts);
  }

  async function plansView() {
    const { json } = await api('GET', '/admin/v1/aliases');
    const planned = json.aliases.filter((a) => a.plan);
    view(el('h2', {}, 'Plans'), planned.length === 0 ? el('p', {}, 'No alias has a plan.')
      : table(['Alias', 'Plan', 'State', 'Step', 'Reason'], planned.map((a) => [
        el('a', { href: '#/alias/' + seg(a.name) }, a.name), a.plan.id, a.plan.state,
        a.plan.step + ' of ' + a.plan.steps.length, a.plan.reason || '-']), 'plans'));
  }

  async function auditView() {
    const { json } = await api('GET', '/admin/v1/audit?limit=100');
    view(el('h2', {}, 'Audit'), table(['Time', 'Actor', 'Action', 'Alias', 'Revision', 'Change'],
      json.entries.map((e) => [e.time, e.actor, e.action, e.alias, e.after.revision, changeOf(e.before, e.after)]),
      'audit'));
  }

  /** What an audit entry changed, version by version: weights, states, shadows, new versions. */
  function changeOf(before, after) {
    const was = Object.fromEntries(((before || {}).versions || []).map((v) => [v.id, v]));
    const changes = [];
    after.versions.forEach((v) => {
      const old = was[v.id];
      if (!old) { changes.push('+' + v.id); return; }
      if (old.weight !== v.weight) changes.push(v.id + ' ' + old.weight + '→' + v.weight);
      if (old.state !== v.state) changes.push(v.id + ' ' + v.state);
      if ((old.shadow || 0) !== (v.shadow || 0)) changes.push(v.id + ' shadow ' + (old.shadow || 0) + '→' + (v.shadow || 0));
    });
    return changes.length ? changes.join(', ') : '-';
  }

  /** A change through the API, then the alias view again; a refusal is shown as the API said it. */
  async function change(method, path, body, ifMatch, done) {
    try {
      await api(method, path, body, ifMatch);
      await route();
      say(done, 'info');
    } catch (error) {
      fail(error);
    }
  }

  async function route() {
    const hash = location.hash || '#/aliases';
    const [, page, name] = hash.split('/').map(decodeURIComponent);
    say('');
    try {
      if (page === 'alias' && name) await aliasView(name);
      else if (page === 'plans') await plansView();
      else if (page === 'audit') await auditView();
      else await aliasesView();
    } catch (error) {
      fail(error);
    }
  }

  function showLogin(message) {
    $('nav').hidden = true;
    $('view').replaceChildren();
    $('login').hidden = false;
    say(message || '');
    $('token').focus();
  }

  async function login(event) {
    event.preventDefault();
    sessionStorage.setItem(TOKEN, $('token').value);
    $('token').value = '';
    try {
      await api('GET', '/admin/v1/aliases');
    } catch (error) {
      sessionStorage.removeItem(TOKEN);
      showLogin(error.status === 401 || error.status === 403
        ? 'That token was refused: ' + error.message
        : 'The gateway did not answer: ' + error.message);
      return;
    }
    start();
  }

  function start() {
    $('login').hidden = true;
    $('nav').hidden = false;
    route();
  }

  document.addEventListener('DOMContentLoaded', () => {
    $('login').addEventListener('submit', login);
    $('logout').addEventListener('click', () => { sessionStorage.removeItem(TOKEN); showLogin('Token forgotten.'); });
    window.addEventListener('hashchange', () => { if (sessionStorage.getItem(TOKEN)) route(); });
    if (sessionStorage.getItem(TOKEN)) start(); else showLogin();
  });
})();
