/** The reference images, videos and audio clips of the multimodal operations: one form and one reader. */
import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';

import { generationOptions, modelField, promptField, waitFields } from '../../form/descriptions';
import {
	ASSET_SOURCE,
	IMAGE_SOURCES,
	readSourceCollection,
	sourceCollection,
	type MediaSource,
	type SourceCollection,
} from '../../form/mediaSources';
import type { GenerationMode, MediaKind } from '../../request/models';
import type { ItemParameters } from '../../form/itemParameters';
import type { OperationInputs } from '../../form/generationForm';
import { generateOperation } from './generate';

/** Saved as `referenceImageItems.image[]`, `referenceVideoItems.video[]`, `referenceAudioItems.audio[]` (1.1). */
const COLLECTIONS: Record<MediaKind, SourceCollection> = {
	image: {
		name: 'referenceImageItems',
		entry: 'image',
		displayName: 'Reference Images',
		entryLabel: 'Image',
		assets: true,
		urlLabel: 'URL',
		item: 'image',
		sources: [...IMAGE_SOURCES, ASSET_SOURCE],
		placeholder: 'e.g. https://example.com/character.png',
		description:
			'Images of what the video should contain (characters, products, places, a first frame). JPEG, PNG, WebP, BMP, TIFF, GIF, HEIC; 300–6000 px a side; under 30 MB. 2.0: up to 9; 2.5: up to 30.',
	},
	video: {
		name: 'referenceVideoItems',
		entry: 'video',
		displayName: 'Reference Videos',
		entryLabel: 'Video',
		assets: true,
		length: true,
		urlLabel: 'URL',
		item: 'video',
		sources: [
			{ name: 'Video URL', value: 'url', description: 'A public http(s) URL of an MP4 or MOV file' },
			{ name: 'Binary File (Not Accepted)', value: 'binary', description: 'Seedance takes videos only by URL or asset ID: the node refuses it and says so' },
			ASSET_SOURCE,
		],
		placeholder: 'e.g. https://example.com/clip.mp4',
		description:
			'Video clips for motion, camera or the video to edit / extend: MP4 or MOV, up to 200 MB, 2–15 s each and 15 s together (2.5: 2–30 s, 30 s). 2.0: up to 3; 2.5: up to 10. Only by URL or asset ID.',
	},
	audio: {
		name: 'referenceAudioItems',
		entry: 'audio',
		displayName: 'Reference Audio Clips',
		entryLabel: 'Audio',
		assets: true,
		urlLabel: 'URL',
		item: 'audio',
		sources: [
			{ name: 'Audio URL', value: 'url', description: 'A public http(s) URL of a WAV or MP3 file, or a data:audio/…;base64, URL' },
			{ name: 'Binary File', value: 'binary', description: 'A WAV or MP3 file from an earlier node' },
			ASSET_SOURCE,
		],
		placeholder: 'e.g. https://example.com/voice.mp3',
		description:
			'Voice, music or sound: WAV or MP3, up to 15 MB, 2–15 s each and 15 s together (2.5: 2–30 s, 30 s). 2.0 needs an image or a video next to audio; 2.5 takes audio alone.',
	},
};

const KINDS = ['image', 'video', 'audio'] as const;

/** The three collections: images, videos, audio clips. */
export const referenceFields: INodeProperties[] = KINDS.map((kind) => sourceCollection(COLLECTIONS[kind]));

function sources(parameters: ItemParameters, itemIndex: number, kind: MediaKind): MediaSource[] {
	const word = kind === 'audio' ? 'audio clip' : kind;
	return readSourceCollection(parameters, itemIndex, COLLECTIONS[kind], (n) => `Reference ${word} ${n}`);
}

export function readReferences(parameters: ItemParameters, itemIndex: number): OperationInputs {
	return {
		images: sources(parameters, itemIndex, 'image'),
		videos: sources(parameters, itemIndex, 'video'),
		audio: sources(parameters, itemIndex, 'audio'),
	};
}

/** The form and code of an operation on references (multimodal, edit, extend): they differ only in mode. */
export function referenceOperation(mode: GenerationMode, operation: string) {
	const properties: INodeProperties[] = [
		...modelField(mode),
		promptField(mode),
		...referenceFields,
		...waitFields,
		generationOptions(mode),
	];
	return {
		properties,
		description: updateDisplayOptions({ show: { resource: ['video'], operation: [operation] } }, properties),
		...generateOperation(mode, readReferences),
	};
}
