/** The trigger's form: the pieces both versions share, and what version 1.1 adds (Mode and the poll's settings). */
import type { INodeProperties } from 'n8n-workflow';

import { TASK_STATUSES } from '../Seedance/api/taskObject';

export type TriggerMode = 'callbacks' | 'callbacksAndPolling' | 'polling';

/** Version 1 has no Mode: it is callbacks only. */
export const V1_MODE: TriggerMode = 'callbacks';
/** The recommended setup for batches, and version 1.1's default. */
export const DEFAULT_MODE: TriggerMode = 'callbacksAndPolling';

/** The form's defaults (written out there too: n8n's lint reads them literally; a unit test compares). */
export const POLL_DEFAULTS = {
	lookBackHours: 24,
	/** Callbacks come within seconds (the API retries them for a few more): the poll leaves them that long, and some. */
	graceMinutes: 5,
};
/** The task list covers the last 7 days. */
export const MAX_LOOK_BACK_HOURS = 7 * 24;

const withCallbacks = { show: { mode: ['callbacks', 'callbacksAndPolling'] } };
const withPolling = { show: { mode: ['callbacksAndPolling', 'polling'] } };

export const statusesProperty: INodeProperties = {
	displayName: 'Statuses',
	name: 'statuses',
	type: 'multiOptions',
	options: TASK_STATUSES.filter((s) => s !== 'cancelled').map((s) => ({
		name: s.charAt(0).toUpperCase() + s.slice(1),
		value: s,
	})),
	default: ['succeeded', 'failed'],
	description: 'Which task statuses start the workflow; other callbacks are answered and dropped',
};

export const confirmProperty: INodeProperties = {
	displayName: 'Confirm With Seedance',
	name: 'confirm',
	type: 'boolean',
	default: true,
	description:
		'Whether to read each task from Seedance with the credential before emitting it. Callbacks are unsigned: off, a forged POST could put any video URL into the workflow.',
};

export const tokenProperty: INodeProperties = {
	displayName: 'Token',
	name: 'token',
	type: 'string',
	typeOptions: { password: true },
	default: '',
	description: 'If set, only POSTs whose URL carries ?token= followed by this token are taken; others get HTTP 403',
};

export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: true,
		description: 'Whether to return the main fields with stable names instead of the raw task object',
	},
	{
		displayName: 'Download Video',
		name: 'downloadVideo',
		type: 'boolean',
		default: false,
		description: 'Whether to attach the video of a succeeded task as binary data',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		displayOptions: { show: { downloadVideo: [true] } },
		hint: 'The name of the output binary field to put the video in',
	},
];

const CALLBACK_URL_NOTICE =
	"Copy this node's Production URL (above) into the Seedance node's Options → Callback URL, and activate this workflow. With a Token set, add <code>?token=</code> and the token to the URL.";

export const v1Properties: INodeProperties[] = [
	{ displayName: CALLBACK_URL_NOTICE, name: 'notice', type: 'notice', default: '' },
	statusesProperty,
	confirmProperty,
	tokenProperty,
	...outputProperties,
];

export const v1_1Properties: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Callbacks',
				value: 'callbacks',
				description: "Seedance calls this node's URL when a task's status changes. A callback that never arrives (n8n down, a proxy error, a burst answered too late) is lost.",
			},
			{
				name: 'Callbacks and Polling',
				value: 'callbacksAndPolling',
				description:
					'Callbacks, and every Poll Times the task list is read for tasks that ended and were not emitted: none is missed, each is emitted once. Recommended for batches.',
			},
			{
				name: 'Polling Only',
				value: 'polling',
				description: 'No URL and no callbacks: every Poll Times the task list is read for tasks that ended',
			},
		],
		default: DEFAULT_MODE,
	},
	{ displayName: CALLBACK_URL_NOTICE, name: 'notice', type: 'notice', default: '', displayOptions: withCallbacks },
	{
		displayName:
			"Polling reads the task list of the credential's whole account: it emits every task of that API key that ends, whichever workflow (or anyone else) created it. Use one API key per pipeline, or filter by model below. Poll Times applies only to this polling.",
		name: 'pollingNotice',
		type: 'notice',
		default: '',
		displayOptions: withPolling,
	},
	{
		displayName: 'Poll Times does nothing in this mode: nothing is polled',
		name: 'callbacksOnlyNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { mode: ['callbacks'] } },
	},
	{
		...statusesProperty,
		description:
			'Which task statuses start the workflow; other callbacks are answered and dropped. The poll looks for ended tasks only (succeeded, failed, expired).',
	},
	{
		displayName: 'Models',
		name: 'models',
		type: 'string',
		default: '',
		placeholder: 'e.g. doubao-seedance-1-0-pro-250528, seedance-1-0-lite-i2v-250428',
		description:
			"Polling only: emit only tasks of these models (as the task's model field names them), separated by commas; empty: every model. Callbacks are not filtered.",
		displayOptions: withPolling,
	},
	{
		displayName: 'Look Back (Hours)',
		name: 'lookBackHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_LOOK_BACK_HOURS },
		default: 24,
		description:
			'How far back each poll reads: tasks created longer ago are not looked at. Raise it for Flex-tier tasks, which can queue for up to 2 days (the list keeps 7 days).',
		displayOptions: withPolling,
	},
	{
		displayName: 'Grace Period (Minutes)',
		name: 'graceMinutes',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 60 },
		default: 5,
		description: 'How long after a task ended the poll leaves it to its callback before emitting it itself',
		displayOptions: { show: { mode: ['callbacksAndPolling'] } },
	},
	{ ...confirmProperty, default: true, displayOptions: withCallbacks },
	{ ...tokenProperty, default: '', displayOptions: withCallbacks },
	...outputProperties,
];
