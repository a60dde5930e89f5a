'use strict';
/**
 * The Chromium the editor tests drive (test/e2e/editor.test.ts), found without a download:
 *
 *   1. CHROMIUM_PATH, when set (it must exist);
 *   2. a system Chrome or Chromium: Debian's `chromium`, Google Chrome, or on macOS the apps in
 *      /Applications (Ubuntu's snap wrapper is skipped: a snap can't read the test's /tmp profile);
 *   3. on Linux x64, the Chromium the dev dependency @sparticuz/chromium ships (brotli-compressed,
 *      with the NSS libraries it needs and a font), unpacked once into the n8n cache folder;
 *   4. otherwise an error that names the one command that installs a browser.
 *
 * SEEDANCE_CHROMIUM=bundled skips 2 (to test 3 on a machine that has a system Chromium).
 * Plain CommonJS. `node scripts/chromium.js` prints what it finds. Types: chromium.d.ts.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const BUNDLED_PACKAGE = path.join(ROOT, 'node_modules', '@sparticuz', 'chromium');

function cacheDir() {
	return process.env.SEEDANCE_N8N_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-seedance');
}

function systemCandidates() {
	if (process.platform === 'darwin') {
		const apps = [
			'Google Chrome.app/Contents/MacOS/Google Chrome',
			'Chromium.app/Contents/MacOS/Chromium',
			'Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing',
		];
		return ['/Applications', path.join(os.homedir(), 'Applications')].flatMap((dir) => apps.map((app) => path.join(dir, app)));
	}
	return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome', '/usr/lib/chromium/chromium'];
}

/** Ubuntu's /usr/bin/chromium-browser only hands over to a snap, which can't use /tmp profiles. */
function isSnapWrapper(file) {
	try {
		const head = Buffer.alloc(4096);
		const fd = fs.openSync(file, 'r');
		const n = fs.readSync(fd, head, 0, head.length, 0);
		fs.closeSync(fd);
		const text = head.subarray(0, n).toString('latin1');
		return text.startsWith('#!') && text.includes('/snap/');
	} catch {
		return false;
	}
}

function isExecutable(file) {
	try {
		fs.accessSync(file, fs.constants.X_OK);
		return fs.statSync(file).isFile();
	} catch {
		return false;
	}
}

/** The command that gives this machine a browser, for the error message. */
function installHint() {
	if (process.platform === 'darwin') return 'brew install --cask google-chrome (or install Google Chrome from google.com/chrome)';
	return 'sudo apt-get install chromium (Debian/Ubuntu; Fedora: sudo dnf install chromium)';
}

function bundledVersion() {
	try {
		return JSON.parse(fs.readFileSync(path.join(BUNDLED_PACKAGE, 'package.json'), 'utf8')).version;
	} catch {
		return null;
	}
}

/**
 * Unpacks @sparticuz/chromium into <cache>/chromium-<version> once. The package unpacks into
 * os.tmpdir() (hence TMPDIR), and only adds its own NSS libraries on AWS Lambda (hence
 * AWS_EXECUTION_ENV): a machine without a browser usually lacks libnss3 too. Its fonts.conf points
 * at /tmp/fonts, so a fonts.conf for the unpacked folder is written beside it.
 */
function unpackBundled(version) {
	const dir = path.join(cacheDir(), `chromium-${version}`);
	const exe = path.join(dir, 'chromium');
	const env = {
		LD_LIBRARY_PATH: [path.join(dir, 'al2023', 'lib'), process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
		FONTCONFIG_PATH: path.join(dir, 'fontconfig'),
	};
	if (fs.existsSync(path.join(dir, '.ready')) && isExecutable(exe)) return { executablePath: exe, env };

	fs.mkdirSync(cacheDir(), { recursive: true });
	const tmp = fs.mkdtempSync(path.join(cacheDir(), `.chromium-${version}-`));
	try {
		execFileSync(
			process.execPath,
			['-e', 'const m = require(process.argv[1]); (m.default || m).executablePath().then(console.log)', require.resolve(BUNDLED_PACKAGE)],
			{ env: { ...process.env, TMPDIR: tmp, AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x' }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		for (const needed of ['chromium', path.join('al2023', 'lib', 'libnss3.so'), 'fonts']) {
			if (!fs.existsSync(path.join(tmp, needed))) throw new Error(`@sparticuz/chromium unpacked no ${needed}`);
		}
		fs.mkdirSync(path.join(tmp, 'fontconfig'));
		fs.writeFileSync(
			path.join(tmp, 'fontconfig', 'fonts.conf'),
			`<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${path.join(dir, 'fonts')}</dir>\n  <cachedir>${path.join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
		);
		fs.writeFileSync(path.join(tmp, '.ready'), `${new Date().toISOString()}\n`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.renameSync(tmp, dir);
	} catch (err) {
		fs.rmSync(tmp, { recursive: true, force: true });
		throw err;
	}
	return { executablePath: exe, env };
}

/**
 * Returns { executablePath, env, source } for playwright's chromium.launch(); `env` holds
 * what the browser process needs on top of process.env. Throws an error naming the fix.
 */
function findChromium() {
	const explicit = process.env.CHROMIUM_PATH;
	if (explicit) {
		if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file.`);
		return { executablePath: explicit, env: {}, source: 'CHROMIUM_PATH' };
	}
	if (process.env.SEEDANCE_CHROMIUM !== 'bundled') {
		const found = systemCandidates().find((file) => isExecutable(file) && !isSnapWrapper(file));
		if (found) return { executablePath: found, env: {}, source: 'system' };
	}
	const version = bundledVersion();
	let bundledProblem;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		bundledProblem = `the dev dependency @sparticuz/chromium ships a Linux x64 browser only (this is ${process.platform} ${process.arch})`;
	} else if (!version) {
		bundledProblem = 'the dev dependency @sparticuz/chromium is not installed (run npm ci)';
	} else {
		try {
			return { ...unpackBundled(version), source: `@sparticuz/chromium ${version}` };
		} catch (err) {
			bundledProblem = `unpacking @sparticuz/chromium ${version} failed: ${String(err.message).split('\n')[0]}`;
		}
	}
	throw new Error(
		`No Chrome or Chromium for the editor tests: none found (looked at ${systemCandidates().join(', ')}), ` +
			`and ${bundledProblem}. Install one: ${installHint()}; or set CHROMIUM_PATH to a Chrome or Chromium binary.`,
	);
}

module.exports = { findChromium, installHint };

if (require.main === module) {
	try {
		const found = findChromium();
		console.log(`${found.executablePath} (${found.source})`);
	} catch (err) {
		console.error(err.message);
		process.exit(1);
	}
}
