import { InlineFile } from '../../../nodes/Seedance/request/inlineFile';
import { clipSeconds, isBase64, splitDataUrl, validateAudioUrl } from '../../../nodes/Seedance/request/media';
import { SeedanceInputError } from '../../../nodes/Seedance/shared/errors';

describe('splitDataUrl', () => {
	it('takes a base64 data URL apart without looking at its payload', () => {
		expect(splitDataUrl('data:image/png;base64,AAAA')).toEqual({ kind: 'image', type: 'png', payload: 'AAAA' });
		expect(splitDataUrl('data:audio/mpeg;base64,')).toEqual({ kind: 'audio', type: 'mpeg', payload: '' });
		expect(splitDataUrl('data:image/svg+xml;base64,??')).toEqual({ kind: 'image', type: 'svg+xml', payload: '??' });
	});

	it.each(['data:image/png,AAAA', 'data:;base64,AAAA', 'https://x/a.png', 'data:Image/png;base64,AAAA', ' data:image/png;base64,AAAA'])(
		'%s is no base64 data URL',
		(url) => expect(splitDataUrl(url)).toBeUndefined(),
	);
});

describe('isBase64', () => {
	it.each(['', 'AAAA', 'AA==', 'AAA=', 'aZ09+/', Buffer.from('any bytes at all \u00ff').toString('base64')])('%j is base64', (s) =>
		expect(isBase64(s)).toBe(true),
	);

	it.each(['A===', '=AAA', 'AA=A', 'AA AA', 'AA\nAA', 'AA-_', 'AAé', '==='])('%j is not', (s) => expect(isBase64(s)).toBe(false));

	it('reads a 50 MB payload without a stack overflow, and finds the one bad character at its end', () => {
		const payload = 'A'.repeat(50 * 1024 * 1024);
		expect(isBase64(payload)).toBe(true);
		expect(isBase64(payload + '-')).toBe(false);
	});
});

describe('validateAudioUrl with a data URL', () => {
	const wav = (dataBytes: number): Buffer => {
		const header = Buffer.alloc(44);
		header.write('RIFF', 0, 'latin1');
		header.writeUInt32LE(36 + dataBytes, 4);
		header.write('WAVEfmt ', 8, 'latin1');
		header.writeUInt32LE(16, 16);
		header.writeUInt16LE(1, 20);
		header.writeUInt16LE(1, 22);
		header.writeUInt32LE(8000, 24);
		header.writeUInt32LE(16000, 28);
		header.writeUInt16LE(2, 32);
		header.writeUInt16LE(16, 34);
		header.write('data', 36, 'latin1');
		header.writeUInt32LE(dataBytes, 40);
		return Buffer.concat([header, Buffer.alloc(dataBytes)]);
	};
	const clip = (url: string) => ({ label: 'Reference audio 1', url });

	it('takes a WAV and reads its length', () => {
		const url = 'data:audio/wav;base64,' + wav(16000 * 3).toString('base64');
		expect(() => validateAudioUrl(clip(url))).not.toThrow();
		expect(clipSeconds(clip(url))).toBeCloseTo(3, 5);
	});

	it.each([
		['an empty payload', 'data:audio/wav;base64,'],
		['a bad character', 'data:audio/wav;base64,UklG-RiQ='],
		['an image', 'data:image/png;base64,AAAA'],
	])('refuses %s as not a valid audio data URL', (_name, url) => {
		expect(() => validateAudioUrl(clip(url))).toThrow(/Reference audio 1 is not a valid audio data URL/);
		expect(clipSeconds(clip(url))).toBeUndefined();
	});

	it('refuses a type it does not take, though the length of its bytes can be read', () => {
		const url = 'data:audio/ogg;base64,' + wav(16000).toString('base64');
		expect(() => validateAudioUrl(clip(url))).toThrow(/Reference audio 1 is not a valid audio data URL/);
		expect(clipSeconds(clip(url))).toBeCloseTo(1, 5);
	});

	it('refuses a 40 MB clip by its size, not with a stack overflow', () => {
		const url = 'data:audio/mp3;base64,' + 'A'.repeat(40 * 1024 * 1024);
		let error: unknown;
		try {
			validateAudioUrl(clip(url));
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(SeedanceInputError);
		expect((error as Error).message).toMatch(/Reference audio 1 is 30.0 MB; Seedance accepts up to 15.0 MB per audio clip/);
	});

	it('a binary clip keeps the length read from its field', () => {
		const bytes = wav(8000);
		const file = new InlineFile('audio/wav', bytes.length, () => Promise.resolve([bytes]));
		expect(clipSeconds({ label: 'Reference audio 1', url: file, seconds: 0.5 })).toBe(0.5);
	});
});
