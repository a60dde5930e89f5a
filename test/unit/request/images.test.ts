import { checkImageBytes, detectImageFormat, headIsEnough, imageDimensions, validateImageUrl } from '../../../nodes/Seedance/request/images';
import { findModel } from '../../../nodes/Seedance/request/models';
import { makePng } from '../../helpers/png';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';

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

	it("checks a file from its first bytes and its size: the size is the whole file's", () => {
		const head = makePng(640, 480);
		expect(checkImageBytes('Reference image 1', head, 'image/png', 29 * 1024 * 1024)).toBe('png');
		expect(() => checkImageBytes('Reference image 1', head, 'image/png', 31 * 1024 * 1024)).toThrow(
			'Reference image 1 is 31.0 MB; Seedance accepts up to 30.0 MB per image',
		);
	});

	it('knows when a JPEG head is too short to hold its frame size (long metadata first)', () => {
		const app1 = Buffer.alloc(4 + 60_000);
		app1.writeUInt16BE(0xffe1, 0);
		app1.writeUInt16BE(60_000 + 2, 2);
		const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0x64, 0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
		const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1, sof]);
		expect(headIsEnough(jpeg)).toBe(true);
		expect(headIsEnough(jpeg.subarray(0, 100_000))).toBe(false);
		expect(headIsEnough(makePng(640, 480))).toBe(true);
		// With the whole file the 100 × 100 frame is found, and refused.
		expect(() => checkImageBytes('First frame', jpeg)).toThrow('First frame is 100×100 px; each side must be 300–6000 px');
	});
});

describe('data URLs: the bytes are checked, not only the label', () => {
	const lite = findModel('doubao-seedance-1-0-lite-i2v-250428');
	const v2 = findModel('doubao-seedance-2-0-260128');
	const url = (type: string, bytes: Buffer) => `data:${type};base64,${bytes.toString('base64')}`;
	const check = (dataUrl: string, model = lite) => () => validateImageUrl({ label: 'Reference image 2', url: dataUrl }, model);

	it.each([
		['text labelled image/png', url('image/png', Buffer.from('hello, I am text')), 'Reference image 2 is not an image Seedance accepts (its type is image/png)'],
		['a 10×10 PNG', url('image/png', makePng(10, 10)), 'Reference image 2 is 10×10 px; each side must be 300–6000 px'],
		['a 7000×7000 PNG header', url('image/png', pngHeader(7000, 7000)), 'Reference image 2 is 7000×7000 px; each side must be 300–6000 px'],
		['a 300×1000 PNG', url('image/png', pngHeader(300, 1000)), 'Reference image 2 is 300×1000 px, a width/height ratio of 0.30; Seedance accepts 0.4 to 2.5'],
		['a 200×200 JPEG labelled image/jpeg', url('image/jpeg', jpegHeader(200, 200)), 'Reference image 2 is 200×200 px; each side must be 300–6000 px'],
		['HEIC bytes labelled image/png on 1.0 Lite', url('image/png', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)])), "Reference image 2 is HEIC, which Seedance 1.0 Lite (image to video) doesn't take"],
	])('%s is refused', (_name, dataUrl, message) => {
		expect(check(dataUrl)).toThrow(message);
	});

	it('a JPEG whose frame size lies past the first 256 KB is read whole to find it', () => {
		const long = Buffer.concat([Buffer.from([0xff, 0xd8]), ...Array.from({ length: 5 }, () => {
			const segment = Buffer.alloc(4 + 60_000);
			segment.writeUInt16BE(0xffe1, 0);
			segment.writeUInt16BE(60_002, 2);
			return segment;
		}), jpegHeader(100, 100).subarray(2)]);
		expect(long.length).toBeGreaterThan(256 * 1024);
		expect(check(url('image/jpeg', long))).toThrow('Reference image 2 is 100×100 px; each side must be 300–6000 px');
	});

	it('true images pass, whatever the label says of a format the model takes', () => {
		expect(check(url('image/png', makePng(640, 480)))).not.toThrow();
		expect(check(url('image/jpeg', jpegHeader(640, 480)))).not.toThrow();
		expect(check(url('image/png', jpegHeader(640, 480)))).not.toThrow(); // the API reads the bytes too
		expect(check(url('image/heic', Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic'), Buffer.alloc(12)])), v2)).not.toThrow();
	});
});
