// Drives the dev network's talk page in headless Chromium, as a person would: open it, pick a
// "call from" city, press Call, let the fake microphone (a WAV) talk, watch the page's test hook
// (window.voxedgeTalk), press Hang up. Prints ONE JSON line with what it saw.
// Usage: node talk-page.js '<json config>'   keys:
//   url          the talk page, e.g. http://127.0.0.1:18080/                         (required)
//   wav          WAV file Chromium plays as its microphone (48 kHz mono)              (required)
//   from         a city key of /dev/network (fra, tyo, ...) or "" for automatic
//   seconds      how long to stay on the call once connected (default 12)
//   nodeModules  where playwright-core is installed (edge-daemon/src/test/js/node_modules)
//   chromium     browser binary (default /usr/bin/chromium)
//   timeoutMs    hard stop for the whole run (default 90000)
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');

async function main() {
  const cfg = JSON.parse(process.argv[2]);
  const { chromium } = require(path.join(cfg.nodeModules, 'playwright-core'));
  const out = { ok: false, errors: [], states: [], samples: [] };
  const hardStop = setTimeout(() => { out.errors.push('hard timeout'); console.log(JSON.stringify(out)); process.exit(3); },
    cfg.timeoutMs || 90000);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'voxedge-talk-'));
  let ctx;
  try {
    // The flags of the tested recipe (shared recipes/webrtc-peers.md), as edge-daemon's whip-client.js uses them.
    ctx = await chromium.launchPersistentContext(userDataDir, { executablePath: cfg.chromium || '/usr/bin/chromium',
      headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-audio-capture=${cfg.wav}`, '--autoplay-policy=no-user-gesture-required',
        '--allow-loopback-in-peer-connection'] });
    const page = ctx.pages()[0] || await ctx.newPage();
    page.on('console', m => { if (m.type() === 'error') out.errors.push('console: ' + m.text()); });
    await page.goto(cfg.url + '?raw=1' + (cfg.from ? '&from=' + encodeURIComponent(cfg.from) : ''));
    await page.waitForFunction(() => window.voxedgeTalk && window.voxedgeTalk.network, null, { timeout: 10000 });
    out.selected = await page.$eval('#from', s => s.value);
    await page.click('#call');
    await page.waitForFunction(() => ['connected', 'agent', 'you', 'barged'].some(p => window.voxedgeTalk.state.startsWith(p))
      || ['error', 'failed'].includes(window.voxedgeTalk.state), null, { timeout: 20000 });
    const t0 = Date.now();
    while (Date.now() - t0 < (cfg.seconds || 12) * 1000) {
      const s = await page.evaluate(() => ({ state: window.voxedgeTalk.state, packetsReceived: window.voxedgeTalk.packetsReceived,
        totalAudioEnergy: window.voxedgeTalk.totalAudioEnergy, packetsSent: window.voxedgeTalk.packetsSent,
        status: document.getElementById('status').textContent, where: document.getElementById('where').textContent }));
      out.samples.push(s);
      if (!out.states.includes(s.state)) out.states.push(s.state);
      if (s.state === 'error' || s.state === 'failed') break;
      await page.waitForTimeout(250);
    }
    const talk = await page.evaluate(() => { const t = Object.assign({}, window.voxedgeTalk); delete t.network; return t; });
    out.talk = talk;
    out.where = await page.$eval('#where', e => e.textContent);
    out.chosenRow = await page.$eval('#pops tr.chosen td', e => e.textContent).catch(() => null);
    await page.click('#hangup');
    await page.waitForFunction(() => window.voxedgeTalk.state === 'ended', null, { timeout: 5000 });
    out.log = await page.$eval('#log', e => e.textContent);
    out.ok = !talk.error;
    if (talk.error) out.errors.push(talk.error);
  } catch (e) {
    out.errors.push(String(e && e.stack || e));
  } finally {
    clearTimeout(hardStop);
    if (ctx) await ctx.close().catch(() => {});
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

main();
