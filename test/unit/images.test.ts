import { checkImageBytes, detectImageFormat, imageDimensions, toDataUrl } from '../../nodes/Seedance/request/images';
import { SeedanceInputError } from '../../nodes/Seedance/shared/errors';

/** A PNG header with the given size (enough for format and dimension checks). */
export function pngHeader(width: number, height: number, extra = 0): Buffer {
	const buf = Buffer.alloc(33 + extra);
	Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(buf, 0);
	buf.writeUInt32BE(13, 8);
	buf.write('IHDR', 12, 'latin1');
	buf.writeUInt32BE(width, 16);
	buf.writeUInt32BE(height, 20);
	return buf;
}

function jpegHeader(width: number, height: number): Buffer {
	// SOI, an APP0 segment, then SOF0 carrying the size.
	const app0 = Buffer.from([0xff, 0xe0, 0x00, 0x10, ...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
	const sof = Buffer.alloc(19);
	sof.writeUInt16BE(0xffc0, 0);
	sof.writeUInt16BE(17, 2);
	sof[4] = 8;
	sof.writeUInt16BE(height, 5);
	sof.writeUInt16BE(width, 7);
	return Buffer.concat([Buffer.from([0xff, 0xd8]), app0, sof]);
}

function gifHeader(width: number, height: number): Buffer {
	const buf = Buffer.alloc(13);
	buf.write('GIF89a', 0, 'latin1');
	buf.writeUInt16LE(width, 6);
	buf.writeUInt16LE(height, 8);
	return buf;
}

function webpVp8x(width: number, height: number): Buffer {
	const buf = Buffer.alloc(30);
	buf.write('RIFF', 0, 'latin1');
	buf.write('WEBP', 8, 'latin1');
	buf.write('VP8X', 12, 'latin1');
	buf.writeUIntLE(width - 1, 24, 3);
	buf.writeUIntLE(height - 1, 27, 3);
	return buf;
}

function bmpHeader(width: number, height: number): Buffer {
	const buf = Buffer.alloc(26);
	buf.write('BM', 0, 'latin1');
	buf.writeInt32LE(width, 18);
	buf.writeInt32LE(-height, 22); // top-down bitmaps have a negative height
	return buf;
}

describe('image format and size from the bytes', () => {
	it.each([
		['png', pngHeader(800, 600)],
		['jpeg', jpegHeader(800, 600)],
		['gif', gifHeader(800, 600)],
		['webp', webpVp8x(800, 600)],
		['bmp', bmpHeader(800, 600)],
	] as const)('reads %s', (format, bytes) => {
		expect(detectImageFormat(bytes)).toBe(format);
		expect(imageDimensions(bytes, format)).toEqual({ width: 800, height: 600 });
	});

	it('knows TIFF by its header', () => {
		expect(detectImageFormat(Buffer.from('II*\0rest', 'latin1'))).toBe('tiff');
		expect(detectImageFormat(Buffer.from('MM\0*rest', 'latin1'))).toBe('tiff');
	});

	it('refuses what is not an image, naming the declared type', () => {
		expect(() => checkImageBytes('Reference image 1', Buffer.from('%PDF-1.7'), 'application/pdf')).toThrow(
			/Reference image 1 is not an image Seedance accepts \(its type is application\/pdf\)/,
		);
	});

	it.each([
		[pngHeader(200, 600), /is 200×600 px; each side must be 300–6000 px/],
		[pngHeader(7000, 4000), /is 7000×4000 px/],
		[pngHeader(3000, 1000), /ratio of 3\.00; Seedance accepts 0\.4 to 2\.5/],
	])('refuses sizes Seedance refuses', (bytes, message) => {
		expect(() => checkImageBytes('First frame', bytes)).toThrow(message);
	});

	it('refuses an image over 30 MB with the numbers', () => {
		const error = (() => {
			try {
				checkImageBytes('Reference image 2', pngHeader(1000, 1000, 31 * 1024 * 1024));
			} catch (e) {
				return e as SeedanceInputError;
			}
			return undefined;
		})();
		expect(error?.message).toBe('Reference image 2 is 31.0 MB; Seedance accepts up to 30.0 MB per image');
	});

	it('makes a data URL with the lower-case format', () => {
		expect(toDataUrl(Buffer.from([1, 2, 3]), 'jpeg')).toBe('data:image/jpeg;base64,AQID');
	});
});
