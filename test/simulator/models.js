'use strict';
/**
 * What the simulator knows about each model family (seedance-api.md, "Models and what each can
 * do"). Ids are matched by family, with or without the `doubao-` prefix and whatever the date
 * suffix, so `seedance-1-0-lite-i2v-250428` (BytePlus) and `doubao-seedance-1-0-lite-i2v-250428`
 * (Volcengine) are the same. An id no family matches (an `ep-…` endpoint, a newer model) is never
 * blocked: every capability is allowed and the defaults are the generic ones.
 */

/** modes: t2v = text only, first_frame, first_last_frame, reference. Longest family first. */
const FAMILIES = [
	{ family: 'seedance-1-0-lite-t2v', modes: ['t2v'], defaultResolution: '720p', version: '1.0' },
	{ family: 'seedance-1-0-lite-i2v', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'], defaultResolution: '720p', version: '1.0' },
	{ family: 'seedance-1-0-pro-fast', modes: ['t2v', 'first_frame'], defaultResolution: '1080p', version: '1.0' },
	{ family: 'seedance-1-0-pro', modes: ['t2v', 'first_frame', 'first_last_frame'], defaultResolution: '1080p', version: '1.0' },
	{ family: 'seedance-1-5-pro', modes: ['t2v', 'first_frame', 'first_last_frame'], defaultResolution: '720p', version: '1.5' },
	// seedance-api-2x.md, "Models and ids": BytePlus spells these dreamina-…, Volcengine doubao-….
	{ family: 'seedance-2-0-fast', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'], defaultResolution: '720p', version: '2.0', resolutions: ['480p', '720p'] },
	{ family: 'seedance-2-0-mini', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'], defaultResolution: '720p', version: '2.0', resolutions: ['480p', '720p'] },
	{ family: 'seedance-2-0', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference'], defaultResolution: '720p', version: '2.0', resolutions: ['480p', '720p', '1080p', '4k'] },
	{ family: 'seedance-2-5-premium', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference', 'draft_final'], defaultResolution: '4k', version: '2.5', resolutions: ['4k'] },
	{ family: 'seedance-2-5', modes: ['t2v', 'first_frame', 'first_last_frame', 'reference', 'draft_final'], defaultResolution: '720p', version: '2.5', resolutions: ['480p', '720p', '1080p'] },
];

const UNKNOWN = {
	family: null,
	modes: ['t2v', 'first_frame', 'first_last_frame', 'reference', 'draft_final'],
	defaultResolution: '720p',
	version: null,
};

const MODE_NAMES = {
	t2v: 'text-to-video',
	first_frame: 'first-frame images',
	first_last_frame: 'first-and-last-frame images',
	reference: 'reference images',
	draft_final: 'a draft task',
};

/** 2.x reference limits (seedance-api-2x.md, "Content items"). */
const LIMITS_2X = {
	'2.0': { images: 9, videos: 3, audio: 3, clipMax: 15, total: 15, audioAlone: false, durationMax: 15 },
	'2.5': { images: 30, videos: 10, audio: 10, clipMax: 30, total: 30, audioAlone: true, durationMax: 30 },
};

/** Capabilities of a model id; `known` is false for ids the simulator can't place. */
function modelInfo(model) {
	const id = String(model).toLowerCase();
	const fam = FAMILIES.find((f) => id.includes(f.family));
	const base = fam || UNKNOWN;
	const v = base.version;
	const is15 = v === '1.5';
	const is10 = v === '1.0';
	const is2x = v === '2.0' || v === '2.5';
	const limits = is2x ? LIMITS_2X[v] : null;
	return {
		known: Boolean(fam),
		family: base.family,
		version: v,
		is2x,
		modes: base.modes,
		defaultResolution: base.defaultResolution,
		/** null = any documented resolution. */
		resolutions: base.resolutions || (fam ? ['480p', '720p', '1080p'] : null),
		/** Allowed integer durations: 1.0 → 2–12; 1.5 pro → 4–12 or -1; 2.0 4–15 or -1; 2.5 4–30 or -1; unknown → any. */
		durationOk: (d) =>
			is10 ? d >= 2 && d <= 12 : is15 ? d === -1 || (d >= 4 && d <= 12) : limits ? d === -1 || (d >= 4 && d <= limits.durationMax) : d === -1 || d >= 1,
		durationRange: is10 ? '2 to 12' : is15 ? '4 to 12, or -1' : limits ? `4 to ${limits.durationMax}, or -1` : 'any positive integer, or -1',
		framesAllowed: !is15 && !is2x,
		cameraFixedAllowed: !is2x,
		audioAndDraftAllowed: !is10,
		draftAllowed: !is10 && v !== '2.0',
		/** 1.0 Lite's reference mode: 1–4 images, no 1080p, no adaptive, no camera_fixed. */
		legacyReference: is10 || is15,
		limits,
		outputFormatAllowed: v === '2.5' || !fam,
		taskTypeAllowed: v === '2.5' || !fam,
		flexAllowed: !is2x,
		promptCommands: !is2x,
		seedMax: is2x ? 2 ** 31 - 1 : 2 ** 32 - 1,
		/** 2.5 takes only `adaptive` with frames, edit and extend. */
		adaptiveOnlyFrames: v === '2.5',
		defaultRatio: v === '2.5' ? 'adaptive' : undefined,
		defaultDuration: v === '2.5' ? -1 : 5,
		/** generate_audio defaults to true on 1.5 pro and 2.x (reported on the task even when not sent). */
		defaultGenerateAudio: is15 || is2x ? true : undefined,
	};
}

module.exports = { modelInfo, MODE_NAMES };
