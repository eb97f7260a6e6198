// Test-only stand-in for the edge daemon's signaling + echo media path, built on werift (an independent
// TypeScript WebRTC stack). It speaks the same WHIP shape the daemon will serve, so the test-side peers
// can be proven before the daemon exists, and later run side by side with it:
//   POST   <base>/v1/calls       Content-Type: application/sdp, Authorization: Bearer <token>
//          -> 201 Created, Location: /v1/calls/{id}, body = ICE-lite answer SDP (host candidates on --host only)
//   DELETE <base>/v1/calls/{id}  -> 204
// Every RTP packet received on the call's audio track is sent straight back (an echo).
//
// usage: node whip-echo-werift.js [--port 0] [--host 127.0.0.1] [--token secret] [--max-calls 64] [--exit-on-stdin-close]
// Prints one line {"listening":"http://HOST:PORT","pid":N} on stdout when ready; logs go to stderr.
// Exits on SIGTERM/SIGINT, and with --exit-on-stdin-close also when its stdin closes.
'use strict';
const http = require('http');
const crypto = require('crypto');
const { RTCPeerConnection, useOPUS } = require('werift');

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf('--' + name); return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt; };
const port = +opt('port', '0');
const host = opt('host', '127.0.0.1');
const token = opt('token', 'secret');
const maxCalls = +opt('max-calls', '64');
const log = (...a) => console.error('[whip-echo]', new Date().toISOString(), ...a);

const calls = new Map();   // id -> RTCPeerConnection

// The daemon answers browsers from another origin, so the stand-in does the same CORS dance;
// Location must be exposed or a page cannot read where to DELETE.
const cors = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Methods': 'POST, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type',
  'Access-Control-Expose-Headers': 'Location',
  'Access-Control-Max-Age': '600',
};

const reply = (res, status, headers = {}, body = '') => { res.writeHead(status, { ...cors, ...headers }); res.end(body); };

// Keep only candidates on the address we serve from: the machine has other interfaces (eth0, veths)
// whose candidates would be unreachable or route around the test.
const onlyHost = sdp => sdp.split('\r\n')
  .filter(l => !l.startsWith('a=candidate:') || l.split(' ')[4] === host)
  .join('\r\n');

async function createCall(offerSdp) {
  const pc = new RTCPeerConnection({
    iceLite: true,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [host],
    iceInterfaceAddresses: { udp4: host },
    iceFilterCandidatePair: p => p.remoteCandidate.host.startsWith('127.'),
    codecs: { audio: [useOPUS()] },
  });
  pc.onTransceiverAdded.subscribe(t => {
    t.setDirection('sendrecv');
    t.onTrack.subscribe(track => track.onReceiveRtp.subscribe(rtp => t.sender.sendRtp(rtp).catch(() => {})));
  });
  pc.connectionStateChange.subscribe(s => log('call state', s));
  await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp });
  await pc.setLocalDescription(await pc.createAnswer());
  if (pc.iceGatheringState !== 'complete') {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('ICE gathering timed out')), 5000);
      pc.iceGatheringStateChange.subscribe(s => { if (s === 'complete') { clearTimeout(timer); resolve(); } });
    });
  }
  return { pc, answer: onlyHost(pc.localDescription.sdp) };
}

const server = http.createServer((req, res) => {
  const chunks = [];
  let size = 0;
  req.on('data', c => { size += c.length; if (size <= 64 * 1024) chunks.push(c); });
  req.on('end', async () => {
    try {
      const path = req.url.split('?')[0];
      if (req.method === 'OPTIONS') return reply(res, 204);
      if (req.headers.authorization !== 'Bearer ' + token) return reply(res, 401, { 'Content-Type': 'text/plain' }, 'bad or missing bearer token\n');
      if (req.method === 'POST' && path === '/v1/calls') {
        if (size > 64 * 1024) return reply(res, 413, { 'Content-Type': 'text/plain' }, 'offer too large\n');
        if (!(req.headers['content-type'] || '').startsWith('application/sdp')) return reply(res, 415, { 'Content-Type': 'text/plain' }, 'expected application/sdp\n');
        if (calls.size >= maxCalls) return reply(res, 503, { 'Content-Type': 'text/plain' }, 'too many calls\n');
        const offer = Buffer.concat(chunks).toString('utf8');
        if (!offer.startsWith('v=0')) return reply(res, 400, { 'Content-Type': 'text/plain' }, 'offer is not an SDP\n');
        const id = crypto.randomUUID();
        const { pc, answer } = await createCall(offer);
        calls.set(id, pc);
        log('call created', id, 'calls', calls.size);
        return reply(res, 201, { 'Content-Type': 'application/sdp', Location: '/v1/calls/' + id }, answer);
      }
      const m = /^\/v1\/calls\/([0-9a-f-]+)$/.exec(path);
      if (req.method === 'DELETE' && m) {
        const pc = calls.get(m[1]);
        if (!pc) return reply(res, 404, { 'Content-Type': 'text/plain' }, 'no such call\n');
        calls.delete(m[1]);
        await pc.close();
        log('call deleted', m[1], 'calls', calls.size);
        return reply(res, 204);
      }
      return reply(res, 404, { 'Content-Type': 'text/plain' }, 'not found\n');
    } catch (e) {
      log('error', e && e.stack || e);
      return reply(res, 400, { 'Content-Type': 'text/plain' }, 'rejected: ' + (e && e.message || e) + '\n');
    }
  });
});

async function shutdown() {
  for (const pc of calls.values()) await pc.close().catch(() => {});
  calls.clear();
  server.close();
  process.exit(0);
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
if (args.includes('--exit-on-stdin-close')) {   // a parent that dies (or closes our stdin) never leaves us behind
  process.stdin.on('end', shutdown);
  process.stdin.resume();
}

server.listen(port, host, () => {
  const a = server.address();
  console.log(JSON.stringify({ listening: `http://${a.address}:${a.port}`, pid: process.pid }));
});
