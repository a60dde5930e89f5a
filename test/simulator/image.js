'use strict';
/**
 * Just enough image sniffing to apply the documented image limits to data-URL images (the simulator
 * never fetches http(s) images: it has no network). Returns {format, width, height} or null when the
 * bytes are not an image of a documented format (jpeg, png, webp, bmp, tiff, gif).
 */

function sniffImage(buf) {
	if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47 && buf.toString('ascii', 12, 16) === 'IHDR') {
		return { format: 'png', width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
	}
	if (buf.length >= 10 && (buf.toString('ascii', 0, 6) === 'GIF87a' || buf.toString('ascii', 0, 6) === 'GIF89a')) {
		return { format: 'gif', width: buf.readUInt16LE(6), height: buf.readUInt16LE(8) };
	}
	if (buf.length >= 26 && buf.toString('ascii', 0, 2) === 'BM') {
		return { format: 'bmp', width: Math.abs(buf.readInt32LE(18)), height: Math.abs(buf.readInt32LE(22)) };
	}
	if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) return sniffJpeg(buf);
	if (buf.length >= 30 && buf.toString('ascii', 0, 4) === 'RIFF' && buf.toString('ascii', 8, 12) === 'WEBP') {
		return sniffWebp(buf);
	}
	const tiffLE = buf.length >= 8 && buf.toString('ascii', 0, 4) === 'II*\u0000';
	const tiffBE = buf.length >= 8 && buf.readUInt32BE(0) === 0x4d4d002a;
	if (tiffLE || tiffBE) return sniffTiff(buf, tiffLE);
	// HEIC/HEIF (2.x only): an ISO-BMFF file whose ftyp brand says so; size not read.
	if (buf.length >= 12 && buf.toString('ascii', 4, 8) === 'ftyp') {
		const brand = buf.toString('ascii', 8, 12);
		if (['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx'].includes(brand)) return { format: 'heic', width: undefined, height: undefined };
		if (['mif1', 'msf1', 'heif'].includes(brand)) return { format: 'heif', width: undefined, height: undefined };
	}
	return null;
}

function sniffJpeg(buf) {
	let i = 2;
	while (i + 9 < buf.length) {
		if (buf[i] !== 0xff) return null;
		const marker = buf[i + 1];
		if (marker === 0xff) {
			i += 1;
			continue;
		}
		const len = buf.readUInt16BE(i + 2);
		// SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC) carry the frame size.
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { format: 'jpeg', width: buf.readUInt16BE(i + 7), height: buf.readUInt16BE(i + 5) };
		}
		i += 2 + len;
	}
	return { format: 'jpeg', width: undefined, height: undefined };
}

function sniffWebp(buf) {
	const chunk = buf.toString('ascii', 12, 16);
	if (chunk === 'VP8 ') return { format: 'webp', width: buf.readUInt16LE(26) & 0x3fff, height: buf.readUInt16LE(28) & 0x3fff };
	if (chunk === 'VP8L') {
		const b = buf.readUInt32LE(21);
		return { format: 'webp', width: (b & 0x3fff) + 1, height: ((b >> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') {
		return { format: 'webp', width: buf.readUIntLE(24, 3) + 1, height: buf.readUIntLE(27, 3) + 1 };
	}
	return { format: 'webp', width: undefined, height: undefined };
}

function sniffTiff(buf, le) {
	const u16 = (o) => (le ? buf.readUInt16LE(o) : buf.readUInt16BE(o));
	const u32 = (o) => (le ? buf.readUInt32LE(o) : buf.readUInt32BE(o));
	const out = { format: 'tiff', width: undefined, height: undefined };
	const ifd = u32(4);
	if (ifd + 2 > buf.length) return out;
	const n = u16(ifd);
	for (let k = 0; k < n; k++) {
		const e = ifd + 2 + k * 12;
		if (e + 12 > buf.length) break;
		const tag = u16(e);
		const type = u16(e + 2);
		const value = type === 3 ? u16(e + 8) : u32(e + 8);
		if (tag === 256) out.width = value;
		if (tag === 257) out.height = value;
	}
	return out;
}

module.exports = { sniffImage };
