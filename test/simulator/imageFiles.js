'use strict';
/**
 * The images the images route makes, and their host. Each image is a real, decodable PNG (1-bit
 * palette) or baseline greyscale JPEG of one colour with exactly the answered size, made in
 * milliseconds even at 6240x2656. Hosted images answer at signed object-storage-style URLs.
 */
const crypto = require('crypto');
const zlib = require('zlib');
const { storageError } = require('./files');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
	return c >>> 0;
});

function crc32(buf) {
	let c = 0xffffffff;
	for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
	return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
	const out = Buffer.alloc(12 + data.length);
	out.writeUInt32BE(data.length, 0);
	out.write(type, 4, 'latin1');
	data.copy(out, 8);
	out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
	return out;
}

/** A PNG of one colour: 1-bit palette, so even 6240x2656 deflates from 2 MB of zeros to a few KB. */
function solidPng(width, height, rgb, transparent) {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 1; // bit depth
	header[9] = 3; // palette
	const raw = Buffer.alloc((1 + Math.ceil(width / 8)) * height); // filter 0, palette index 0 everywhere
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		pngChunk('IHDR', header),
		pngChunk('PLTE', Buffer.from(rgb)),
		...(transparent ? [pngChunk('tRNS', Buffer.from([0]))] : []),
		pngChunk('IDAT', zlib.deflateSync(raw)),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

function segment(marker, data) {
	const out = Buffer.alloc(4 + data.length);
	out.writeUInt16BE(marker, 0);
	out.writeUInt16BE(2 + data.length, 2);
	data.copy(out, 4);
	return out;
}

/**
 * A baseline greyscale JPEG of one shade. With a quantiser of 1, a flat 8x8 block's DC is
 * 8 × (grey − 128) and every AC is 0; after the first block every DC difference is 0. Two tiny
 * Huffman tables (DC: 0 → "0", the first block's category → "10"; AC: end-of-block → "0") make each
 * later block two zero bits.
 */
function solidJpeg(width, height, grey) {
	const dc = 8 * (grey - 128);
	const category = dc === 0 ? 0 : 32 - Math.clz32(Math.abs(dc));
	const bits = [];
	if (category === 0) bits.push(0);
	else {
		bits.push(1, 0);
		const value = dc > 0 ? dc : dc + (1 << category) - 1;
		for (let k = category - 1; k >= 0; k--) bits.push((value >> k) & 1);
	}
	bits.push(0); // end of block
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const total = bits.length + 2 * (blocks - 1);
	const scan = Buffer.alloc(Math.ceil(total / 8));
	bits.forEach((bit, i) => {
		if (bit) scan[i >> 3] |= 0x80 >> (i & 7);
	});
	for (let i = total; i < scan.length * 8; i++) scan[i >> 3] |= 0x80 >> (i & 7); // pad with ones
	const stuffed = [];
	for (const byte of scan) {
		stuffed.push(byte);
		if (byte === 0xff) stuffed.push(0);
	}
	const sof = Buffer.from([8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]);
	const dcCounts = Buffer.alloc(16);
	dcCounts[0] = 1;
	if (category > 0) dcCounts[1] = 1;
	const acCounts = Buffer.alloc(16);
	acCounts[0] = 1;
	return Buffer.concat([
		Buffer.from([0xff, 0xd8]),
		segment(0xffdb, Buffer.concat([Buffer.from([0]), Buffer.alloc(64, 1)])),
		segment(0xffc0, sof),
		segment(0xffc4, Buffer.concat([Buffer.from([0x00]), dcCounts, Buffer.from(category > 0 ? [0, category] : [0])])),
		segment(0xffc4, Buffer.concat([Buffer.from([0x10]), acCounts, Buffer.from([0])])),
		segment(0xffda, Buffer.from([1, 1, 0x00, 0, 63, 0])),
		Buffer.from(stuffed),
		Buffer.from([0xff, 0xd9]),
	]);
}

/** One image of the answered size, a colour (PNG) or grey (JPEG) picked from its name. */
function renderImage(format, width, height, name, transparent) {
	const hash = crypto.createHash('sha256').update(name).digest();
	if (format === 'png') return solidPng(width, height, [hash[0], hash[1], hash[2]], transparent);
	return solidJpeg(width, height, 40 + (hash[0] % 176));
}

/** Incompressible filler, made once per size: every padded image of a run carries the same bytes. */
const fillers = new Map();
function filler(bytes) {
	if (!fillers.has(bytes)) fillers.set(bytes, crypto.randomBytes(bytes));
	return fillers.get(bytes);
}

/**
 * The image grown to about `bytes` with data decoders skip (a real 4K image is megabytes; a
 * one-colour one is kilobytes): a private ancillary PNG chunk before IEND, or JPEG comment segments
 * after SOI. Still a valid image of the same size.
 */
function padImage(data, format, bytes) {
	const missing = bytes - data.length;
	if (!(missing > 64)) return data;
	if (format === 'png') {
		const pad = filler(missing - 12);
		return Buffer.concat([data.subarray(0, data.length - 12), pngChunk('sePd', pad), data.subarray(data.length - 12)]);
	}
	const segments = [];
	let left = missing;
	// Without 0xFF bytes: a reader that looks for a marker instead of walking the segments still finds the frame.
	const pad = Buffer.from(filler(65533).map((byte) => (byte === 0xff ? 0xfe : byte)));
	while (left > 4) {
		const size = Math.min(65533, left - 4);
		segments.push(segment(0xfffe, pad.subarray(0, size)));
		left -= size + 4;
	}
	return Buffer.concat([data.subarray(0, 2), ...segments, data.subarray(2)]);
}

// ---- the image host ------------------------------------------------------------------------------------

const FILE_NAME = /^img-[0-9a-f]{20}\.(png|jpeg)$/;

/**
 * Generated images and their files. URLs look like signed object-storage URLs (24 h,
 * `X-Tos-Expires=86400`): the signature in the query must come back unchanged, and it is bound
 * to GET, so a HEAD is refused (403 SignatureDoesNotMatch) as on the real storage.
 */
class ImageStore {
	/**
	 * `now`: the server's clock (dates in URLs); `time`: the simulator's own (when an image was made);
	 * `imageBytes`: grow each image to about this size (benchmarks: real 4K images are megabytes).
	 */
	constructor({ origin, now, time = now, imageBytes = 0 }) {
		this.origin = origin;
		this.now = now;
		this.time = time;
		this.imageBytes = imageBytes;
		this.secret = crypto.randomBytes(16);
		/** Every image made, oldest first (sim.images). */
		this.records = [];
		/** file name → {data, type, signature, expired} */
		this.files = new Map();
	}

	signature(name) {
		return crypto.createHmac('sha256', this.secret).update(`GET\n${name}`).digest('hex');
	}

	add({ model, prompt, index, width, height, format, transparent, responseFormat }) {
		const name = `img-${crypto.randomBytes(10).toString('hex')}.${format}`;
		const data = padImage(renderImage(format, width, height, name, transparent), format, this.imageBytes);
		const record = { name, model, prompt, index, width, height, format, data, responseFormat, time: this.time() };
		if (responseFormat === 'url') {
			const signature = this.signature(name);
			this.files.set(name, { data, type: `image/${format}`, signature, expired: false });
			const date = new Date(this.now()).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
			record.url =
				`${this.origin()}/files/${name}?X-Tos-Algorithm=TOS4-HMAC-SHA256&X-Tos-Credential=AKSIMULATOR%2F${date.slice(0, 8)}%2Fcn-beijing%2Ftos%2Frequest` +
				`&X-Tos-Date=${date}&X-Tos-Expires=86400&X-Tos-SignedHeaders=host&X-Tos-Signature=${signature}`;
		}
		this.records.push(record);
		return record;
	}

	owns(file) {
		return FILE_NAME.test(file || '');
	}

	/** Serves /files/img-….png|jpeg; true when the image was served (200). */
	serve(req, res, name, query) {
		const file = this.files.get(name);
		if (!file) {
			storageError(res, 404, 'NoSuchKey', 'The specified key does not exist.', name);
			return false;
		}
		if (req.method !== 'GET' || query['X-Tos-Signature'] !== file.signature) {
			storageError(res, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.', name);
			return false;
		}
		if (file.expired) {
			storageError(res, 403, 'AccessDenied', 'Request has expired', name);
			return false;
		}
		res.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.data.length });
		res.end(file.data);
		return true;
	}

	/** The file of an image (by its name or URL) now answers 403 AccessDenied, like a URL past its 24 h. */
	expire(nameOrUrl) {
		const name = String(nameOrUrl).replace(/^.*\/files\//, '').replace(/\?.*$/, '');
		const file = this.files.get(name);
		if (!file) throw new Error(`seedance simulator: no hosted image ${name}`);
		file.expired = true;
	}

	clear() {
		this.records.length = 0;
		this.files.clear();
	}
}

module.exports = { ImageStore, renderImage, padImage, solidPng, solidJpeg };
