/** The reference images, videos and audio clips of the multimodal operations: one form and one reader. */
import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';

import { ASSET_SOURCE, generationOptions, IMAGE_SOURCES, modelField, promptField, waitFields } from '../../form/descriptions';
import type { ImageSpec } from '../../request/images';
import type { GenerationMode, MediaKind } from '../../request/models';
import { generateOperation, type OperationInputs } from './generate';

interface KindForm {
	field: string;
	item: string;
	label: string;
	sources: Array<{ name: string; value: string; description: string }>;
	placeholder: string;
	description: string;
}

const FORMS: Record<MediaKind, KindForm> = {
	image: {
		field: 'referenceImageItems',
		item: 'image',
		label: 'Image',
		sources: [...IMAGE_SOURCES, ASSET_SOURCE],
		placeholder: 'e.g. https://example.com/character.png',
		description:
			'Images of what the video should contain (characters, products, places, a first frame). JPEG, PNG, WebP, BMP, TIFF, GIF, HEIC; 300–6000 px a side; under 30 MB. 2.0: up to 9; 2.5: up to 30.',
	},
	video: {
		field: 'referenceVideoItems',
		item: 'video',
		label: 'Video',
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
		field: 'referenceAudioItems',
		item: 'audio',
		label: 'Audio',
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

function collection(kind: MediaKind): INodeProperties {
	const form = FORMS[kind];
	return {
		displayName: `Reference ${form.label === 'Audio' ? 'Audio Clips' : `${form.label}s`}`,
		name: form.field,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true, sortable: true, multipleValueButtonText: `Add Reference ${form.label}` },
		placeholder: `Add Reference ${form.label}`,
		default: {},
		description: form.description,
		options: [
			{
				name: form.item,
				displayName: form.label,
				values: [
					{ displayName: 'Source', name: 'source', type: 'options', default: 'url', options: form.sources },
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: form.placeholder,
						displayOptions: { show: { source: ['url'] } },
					},
					{
						displayName: 'Binary Field',
						name: 'binaryProperty',
						type: 'string',
						default: 'data',
						hint: `The name of the input item's binary field that holds the ${form.item}`,
						displayOptions: { show: { source: ['binary'] } },
					},
					{
						displayName: 'Asset ID',
						name: 'assetId',
						type: 'string',
						default: '',
						placeholder: 'e.g. asset-20260401123456-abcde',
						hint: 'An active asset of your Seedance asset library; sent as asset://<ID>',
						displayOptions: { show: { source: ['asset'] } },
					},
				],
			},
		],
	};
}

/** The three collections: images, videos, audio clips. */
export const referenceFields: INodeProperties[] = (['image', 'video', 'audio'] as const).map(collection);

function specs(context: IExecuteFunctions, itemIndex: number, kind: MediaKind): ImageSpec[] {
	const form = FORMS[kind];
	const value = context.getNodeParameter(form.field, itemIndex, {}) as Record<string, IDataObject[] | undefined>;
	const word = kind === 'audio' ? 'audio clip' : kind;
	return (value[form.item] ?? []).map((entry, index) => ({
		label: `Reference ${word} ${index + 1}`,
		source: entry.source === 'binary' ? 'binary' : entry.source === 'asset' ? 'asset' : 'url',
		url: entry.url === undefined ? undefined : String(entry.url),
		binaryProperty: entry.binaryProperty === undefined ? undefined : String(entry.binaryProperty),
		assetId: entry.assetId === undefined ? undefined : String(entry.assetId),
	}));
}

export function readReferences(context: IExecuteFunctions, itemIndex: number): OperationInputs {
	return {
		images: specs(context, itemIndex, 'image'),
		videos: specs(context, itemIndex, 'video'),
		audio: specs(context, itemIndex, 'audio'),
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
		description: updateDisplayOptions({ show: { resource: ['video'], operation: [operation] } }, properties),
		...generateOperation(mode, readReferences),
	};
}
