/** The images made in a run, named by the error that stops it (they are billed). */
import { madeImagesNote } from '../../../../nodes/Seedance/actions/image/imageRun';

describe('the images made in a run', () => {
	it('are named per item, URLs and base64 images alike, unless the error names them already', () => {
		const made = [
			{ itemIndex: 0, urls: ['https://img.test/a.jpeg', 'https://img.test/b.jpeg'], inline: 0 },
			{ itemIndex: 3, urls: [], inline: 2 },
		];
		expect(madeImagesNote(made, 'item 1 failed')).toBe(
			'Images already made (and billed) in this run: item 0: https://img.test/a.jpeg, https://img.test/b.jpeg; item 3: 2 sent as base64, not kept. Each URL answers for 24 hours.',
		);
		expect(madeImagesNote([made[0]], 'see https://img.test/a.jpeg and https://img.test/b.jpeg')).toBe('');
		expect(madeImagesNote([], 'x')).toBe('');
	});
});
