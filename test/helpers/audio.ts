/** A silent PCM WAV of the given length (8 kHz, mono, 8-bit: 8,000 bytes a second). */
export function makeWav(seconds: number): Buffer {
	const rate = 8000;
	const data = Math.round(seconds * rate);
	const buffer = Buffer.alloc(44 + data, 0x80);
	buffer.write('RIFF', 0, 'latin1');
	buffer.writeUInt32LE(36 + data, 4);
	buffer.write('WAVE', 8, 'latin1');
	buffer.write('fmt ', 12, 'latin1');
	buffer.writeUInt32LE(16, 16);
	buffer.writeUInt16LE(1, 20); // PCM
	buffer.writeUInt16LE(1, 22); // mono
	buffer.writeUInt32LE(rate, 24);
	buffer.writeUInt32LE(rate, 28); // byte rate
	buffer.writeUInt16LE(1, 32);
	buffer.writeUInt16LE(8, 34);
	buffer.write('data', 36, 'latin1');
	buffer.writeUInt32LE(data, 40);
	return buffer;
}
