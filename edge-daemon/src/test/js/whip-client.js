// Drives real headless Chromium through WHIP calls against a signaling URL and prints ONE JSON line.
//
// usage: node whip-client.js '<json-config>'      (or: node whip-client.js @config.json)
// config:
//   url            POST endpoint, e.g. http://127.0.0.1:8080/v1/calls                       (required)
//   token          bearer token                                             (required unless tokens is given)
//   tokens         bearer tokens by call: call i uses tokens[i % tokens.length]             (optional)
//   wav            WAV file Chromium plays as its fake microphone (48 kHz mono is best)     (required)
//   sessions       concurrent calls, all in ONE Chromium                                    (default 1)
//   callsPerPage   calls (RTCPeerConnections) per page, sharing the page's microphone track (default 1)
//   durationSec    how long to sample getStats after connecting                             (default 5)
//   sampleMs       getStats period                                                          (default 500)
//   connectTimeoutMs  POST -> 'connected' limit per call                                     (default 10000)
//   drainMs        after sampling, stop sending and wait up to this long for the echo to stop (0: skip) (default 3000)
//   timeoutMs      hard limit for the whole run; the browser is killed past it               (default derived)
//   candidateFilter  only offer candidates on this address; "" keeps all                   (default "127.0.0.1")
//   answerCandidate  "ip:port": the answer's candidates replaced by one host candidate there (relay tests) (default none)
//   waitGathering  wait for ICE gathering to complete before POST                           (default true)
//   chromium       browser executable                                                       (default /usr/bin/chromium)
//   extraArgs      additional Chromium flags                                                 (default [])
// Exit code 0 when every call is ok, 1 otherwise, 2 on bad usage. Diagnostics go to stderr.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { chromium } = require('playwright-core');

function readConfig() {
  const arg = process.argv[2];
  if (!arg) throw new Error('usage: node whip-client.js <json-config | @file>');
  const cfg = JSON.parse(arg.startsWith('@') ? fs.readFileSync(arg.slice(1), 'utf8') : arg);
  for (const k of ['url', 'wav']) if (!cfg[k]) throw new Error(`config needs "${k}"`);
  if (!cfg.token && !(Array.isArray(cfg.tokens) && cfg.tokens.length)) throw new Error('config needs "token" or "tokens"');
  if (!fs.existsSync(cfg.wav)) throw new Error(`wav not found: ${cfg.wav}`);
  cfg.sessions = Math.max(1, cfg.sessions | 0 || 1);
  cfg.callsPerPage = Math.max(1, cfg.callsPerPage | 0 || 1);
  cfg.durationSec = cfg.durationSec === undefined ? 5 : +cfg.durationSec;
  cfg.connectTimeoutMs = cfg.connectTimeoutMs || 10000;
  // Launch + page load + gathering + connect + sampling + teardown, with room for many pages on 2 cores.
  cfg.timeoutMs = cfg.timeoutMs || 30000 + cfg.connectTimeoutMs + cfg.durationSec * 1000 + (cfg.drainMs || 3000) + cfg.sessions * 2000;
  return cfg;
}

// The page is served by the test itself, so it has an ordinary http://127.0.0.1 origin (a secure context
// for getUserMedia) and reaches the signaling URL cross-origin, as a real web app would.
function servePage() {
  const html = fs.readFileSync(path.join(__dirname, 'whip-client.html'));
  const server = http.createServer((req, res) => {
    if (req.url.split('?')[0] === '/whip-client.html') { res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }); res.end(html); }
    else { res.writeHead(req.url === '/favicon.ico' ? 204 : 404); res.end(); }
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// Flags from the tested recipe: each one is needed on this machine (see shared recipes/webrtc-peers.md).
function chromiumArgs(cfg) {
  return ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    `--use-file-for-fake-audio-capture=${cfg.wav}`, '--autoplay-policy=no-user-gesture-required',
    '--allow-loopback-in-peer-connection',
    // Many pages in one browser: none of them may be throttled as a background tab.
    '--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows',
    ...(cfg.extraArgs || [])];
}

async function main() {
  const started = Date.now();
  let cfg;
  try { cfg = readConfig(); } catch (e) {
    console.log(JSON.stringify({ ok: false, errors: [String(e.message || e)] }));
    process.exit(2);
  }
  const out = { ok: false, errors: [], sessions: [] };
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voxedge-chromium-'));
  let ctx = null, server = null, finished = false;
  const cleanup = async () => {
    // unref: a pending fallback timer must not keep node alive for 5 s after the browser closed.
    if (ctx) await Promise.race([ctx.close().catch(() => {}), new Promise(r => setTimeout(r, 5000).unref())]);
    if (server) server.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  };
  const emit = code => { if (finished) return; finished = true; out.elapsedMs = Date.now() - started; console.log(JSON.stringify(out)); process.exitCode = code; };
  const pages = [];
  // Call i runs on page floor(i / callsPerPage): many calls share a page (one renderer), which is far
  // cheaper than a page each when dozens of calls run at once.
  const pageCount = Math.ceil(cfg.sessions / cfg.callsPerPage);
  const callsOf = p => Array.from({ length: Math.min(cfg.callsPerPage, cfg.sessions - p * cfg.callsPerPage) }, (_, k) => p * cfg.callsPerPage + k);
  const hardStop = setTimeout(async () => {
    out.errors.push(`timed out after ${cfg.timeoutMs} ms`);
    // Report how far each call got (its partial result), not just that the whole run was too slow.
    const partial = await Promise.all(pages.map((page, p) => Promise.race([
      page.evaluate(() => Object.values(window.whipProgress || {})).catch(() => null),
      new Promise(r => setTimeout(() => r(null), 2000))]).then(list => callsOf(p).map(i =>
        ({ ...((list || []).find(c => c.index === i) || { index: i, errors: [] }), ok: false, unfinished: true })))));
    out.sessions = partial.flat();
    emit(1); await cleanup(); process.exit(1);
  }, cfg.timeoutMs);
  try {
    server = await servePage();
    const pageUrl = `http://127.0.0.1:${server.address().port}/whip-client.html`;
    ctx = await chromium.launchPersistentContext(userDataDir, { executablePath: cfg.chromium || '/usr/bin/chromium', headless: true, args: chromiumArgs(cfg) });
    out.browser = ctx.browser() ? ctx.browser().version() : null;
    const first = ctx.pages()[0] || await ctx.newPage();
    for (let p = 0; p < pageCount; p++) pages.push(p === 0 ? first : await ctx.newPage());
    await Promise.all(pages.map((page, i) => {
      page.on('pageerror', e => out.errors.push(`page ${i}: ${e.message}`));
      page.on('console', m => { if (m.type() === 'error') console.error(`[page ${i}]`, m.text()); });
      return page.goto(pageUrl);
    }));
    out.pagesReadyMs = Date.now() - started;
    const runs = pages.map((page, p) => page.evaluate(a => window.runWhipCalls(a.cfg, a.indices), { cfg, indices: callsOf(p) })
      .catch(e => callsOf(p).map(i => ({ index: i, ok: false, errors: [String(e.message || e).split('\n')[0]] }))));
    out.sessions = (await Promise.all(runs)).flat().sort((a, b) => a.index - b.index);
    out.ok = out.sessions.every(s => s.ok) && out.errors.length === 0;
  } catch (e) {
    out.errors.push(String(e.message || e).split('\n')[0]);
  }
  clearTimeout(hardStop);
  emit(out.ok ? 0 : 1);
  await cleanup();
}

main();
