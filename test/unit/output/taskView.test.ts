/** What the next node sees of a task. */
import { simplifyTask } from '../../../nodes/Seedance/output/taskView';

describe('simplifyTask', () => {
	it('gives the fields a workflow uses, with ISO dates', () => {
		expect(
			simplifyTask({
				id: 'cgt-1',
				model: 'doubao-seedance-1-0-pro-250528',
				status: 'succeeded',
				content: { video_url: 'https://v/1.mp4', last_frame_url: 'https://v/1.png' },
				seed: 7,
				resolution: '1080p',
				ratio: '16:9',
				duration: 5,
				framespersecond: 24,
				usage: { completion_tokens: 100, total_tokens: 100 },
				error: null,
				created_at: 1_700_000_000,
				updated_at: 1_700_000_060,
			}),
		).toEqual({
			id: 'cgt-1',
			status: 'succeeded',
			model: 'doubao-seedance-1-0-pro-250528',
			videoUrl: 'https://v/1.mp4',
			lastFrameUrl: 'https://v/1.png',
			seed: 7,
			resolution: '1080p',
			ratio: '16:9',
			duration: 5,
			fps: 24,
			tokens: 100,
			error: null,
			createdAt: '2023-11-14T22:13:20.000Z',
			updatedAt: '2023-11-14T22:14:20.000Z',
		});
	});
});
