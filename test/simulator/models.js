'use strict';
/**
 * What the simulator knows about each model family (seedance-api.md, "Models and what each can
 * do"). Ids are matched by family, with or without the `doubao-` prefix and whatever the date
 * suffix, so `seedance-1-0-lite-i2v-250428` (BytePlus) and `doubao-seedance-1-0-lite-i2v-250428`
 * (Volcengine) are the same. An id no family matches (an `ep-…` endpoint, a newer model) is never
 * blocked: every capability is allowed and the defaults are the generic ones.
 */

/** modes: t2v = text only, first_frame, first_last_frame, reference. */
const FAMILIES = [
	{
		family: 'seedance-1-0-lite-t2v',
		modes: ['t2v'],
		defaultResolution: '720p',
		version: '1.0',
	},
	{
		family: 'seedance-1-0-lite-i2v',
		modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'],
		defaultResolution: '720p',
		version: '1.0',
	},
	{
		family: 'seedance-1-0-pro-fast',
		modes: ['t2v', 'first_frame'],
		defaultResolution: '1080p',
		version: '1.0',
	},
	{
		family: 'seedance-1-0-pro',
		modes: ['t2v', 'first_frame', 'first_last_frame'],
		defaultResolution: '1080p',
		version: '1.0',
	},
	{
		family: 'seedance-1-5-pro',
		modes: ['t2v', 'first_frame', 'first_last_frame'],
		defaultResolution: '720p',
		version: '1.5',
	},
];

const UNKNOWN = {
	family: null,
	modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'],
	defaultResolution: '720p',
	version: null,
};

const MODE_NAMES = {
	t2v: 'text-to-video',
	first_frame: 'first-frame images',
	first_last_frame: 'first-and-last-frame images',
	reference: 'reference images',
};

/** Capabilities of a model id; `known` is false for ids the simulator can't place. */
function modelInfo(model) {
	const id = String(model).toLowerCase();
	// Longest family first, so "-pro-fast" wins over "-pro".
	const fam = FAMILIES.find((f) => id.includes(f.family));
	const base = fam || UNKNOWN;
	const is15 = base.version === '1.5';
	const is10 = base.version === '1.0';
	return {
		known: Boolean(fam),
		family: base.family,
		modes: base.modes,
		defaultResolution: base.defaultResolution,
		/** Allowed integer durations: 1.0 → 2–12; 1.5 pro → 4–12 or -1; unknown → either. */
		durationOk: (d) => (is10 ? d >= 2 && d <= 12 : is15 ? d === -1 || (d >= 4 && d <= 12) : d === -1 || (d >= 2 && d <= 12)),
		durationRange: is10 ? '2 to 12' : is15 ? '4 to 12, or -1' : '2 to 12, or -1',
		framesAllowed: !is15,
		audioAndDraftAllowed: !is10,
		/** generate_audio defaults to true on 1.5 pro (reported on the task even when not sent). */
		defaultGenerateAudio: is15 ? true : undefined,
	};
}

module.exports = { modelInfo, MODE_NAMES };
