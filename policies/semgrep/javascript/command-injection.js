const cp = require('child_process');
const { exec, execSync, spawn } = require('child_process');

function listDir(req, res) {
  // ruleid: js-command-injection
  exec(`ls -la ${req.query.dir}`, (err, out) => res.send(out));
}

function ping(host) {
  // ruleid: js-command-injection
  return cp.execSync('ping -c 1 ' + host).toString();
}

function runUserCmd(cmd) {
  // ruleid: js-command-injection
  cp.exec(cmd);
}

function convert(file) {
  // ruleid: js-command-injection
  spawn(`convert ${file} out.png`, { shell: true });
}

function convert2(file) {
  // ruleid: js-command-injection
  cp.spawnSync('convert ' + file, [], { shell: true, stdio: 'inherit' });
}

function safeList(dir) {
  // ok: js-command-injection
  cp.execFile('ls', ['-la', dir]);
}

function safeSpawn(file) {
  // ok: js-command-injection
  spawn('convert', [file, 'out.png']);
}

function fixedCmd() {
  // ok: js-command-injection
  execSync('git rev-parse HEAD');
}

function fixedTemplate() {
  // ok: js-command-injection
  exec(`npm --version`);
}

function regexExec(input) {
  const re = /(\d+)/;
  // ok: js-command-injection
  return re.exec(input);
}

const BUILD = 'make all';
function constCmd() {
  // ok: js-command-injection
  execSync(BUILD);
}
