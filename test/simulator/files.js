'use strict';
/**
 * The video host: `/files/{id}.mp4` and `/files/{id}.png` (last frame), like signed object-storage
 * URLs: no Authorization needed, `Content-Type` + `Content-Length`, single byte ranges honoured.
 * Errors answer object-storage XML (TOS and S3 share the shape): 403 AccessDenied "Request has
 * expired" once `sim.expireVideo(id)` was called, 404 NoSuchKey for anything else.
 */
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const FIXTURES = path.join(__dirname, 'fixtures');
const VIDEO = fs.readFileSync(path.join(FIXTURES, 'sample.mp4'));
const LAST_FRAME = fs.readFileSync(path.join(FIXTURES, 'last-frame.png'));

function storageError(res, status, code, message, key) {
	const requestId = crypto.randomBytes(12).toString('hex');
	const body =
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<Error><Code>${code}</Code><Message>${message}</Message><Key>${key}</Key>` +
		`<RequestId>${requestId}</RequestId><HostId>${requestId}</HostId></Error>`;
	res.writeHead(status, {
		'Content-Type': 'application/xml',
		'Content-Length': Buffer.byteLength(body),
		'x-tos-request-id': requestId,
	});
	res.end(body);
}

/**
 * @param {import('http').IncomingMessage} req
 * @param {import('http').ServerResponse} res
 * @param {string} name  e.g. 'cgt-…-abcde.mp4'
 * @param {Map<string,{lastFrame:boolean,expired:boolean}>} videos
 * @returns {boolean} whether a file was served
 */
function serveFile(req, res, name, videos) {
	const m = /^(cgt-[0-9]{14}-[a-z0-9]{5})\.(mp4|png)$/.exec(name);
	const video = m && videos.get(m[1]);
	if (!m || !video || (m[2] === 'png' && !video.lastFrame)) {
		storageError(res, 404, 'NoSuchKey', 'The specified key does not exist.', name);
		return false;
	}
	if (video.expired) {
		storageError(res, 403, 'AccessDenied', 'Request has expired', name);
		return false;
	}
	const data = m[2] === 'mp4' ? VIDEO : LAST_FRAME;
	const headers = {
		'Content-Type': m[2] === 'mp4' ? 'video/mp4' : 'image/png',
		'Accept-Ranges': 'bytes',
		ETag: `"${crypto.createHash('md5').update(data).digest('hex')}"`,
	};
	let status = 200;
	let body = data;
	const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range || '');
	if (range && (range[1] || range[2])) {
		let start = range[1] ? Number(range[1]) : data.length - Number(range[2]);
		let end = range[1] && range[2] ? Number(range[2]) : data.length - 1;
		start = Math.max(0, start);
		end = Math.min(end, data.length - 1);
		if (start > end) {
			res.writeHead(416, { 'Content-Range': `bytes */${data.length}` });
			res.end();
			return false;
		}
		status = 206;
		body = data.subarray(start, end + 1);
		headers['Content-Range'] = `bytes ${start}-${end}/${data.length}`;
	}
	headers['Content-Length'] = body.length;
	res.writeHead(status, headers);
	res.end(req.method === 'HEAD' ? undefined : body);
	return true;
}

module.exports = { serveFile, storageError, VIDEO, LAST_FRAME, FIXTURES };
