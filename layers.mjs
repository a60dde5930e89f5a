// The layers of the Seedance node, top to bottom: a file imports only from its own layer and the
// layers below it. `npm run lint` enforces it (eslint.dev.config.mjs turns this list into
// import-x/no-restricted-paths zones), and test/unit/layers.test.ts checks that the README's code
// map names the same folders in the same order.
export const ROOT = 'nodes/Seedance';

/** `folder` under ROOT; `says` is the line the README's code map gives it. */
export const LAYERS = [
	{ folder: 'actions', says: 'the router (items, Continue On Fail, pairedItem), the per-execution state, one file per operation' },
	{ folder: 'methods', says: "the editor's model lists" },
	{ folder: 'form', says: 'form pieces and the readers that turn parameters into settings' },
	{ folder: 'output', says: 'what the next node sees: a task or an image as an item (its file attached, its cost), errors as n8n errors' },
	{ folder: 'batch', says: 'many items at once: bounded pools, the byte budget, waiting for many tasks with one list call a round' },
	{ folder: 'api', says: "Seedance on top of http/: tasks, the task object, the task list and its pace, create recovery, take-over, waiting rules, image requests, the credential's prices" },
	{ folder: 'http', says: 'the one request, its one retry loop, secrets scrubbed, the credential read once, the rate gate, streamed bodies and answers, downloads' },
	{ folder: 'request', says: 'pure: the model catalogues (video, image), the request bodies and their validators, image, video and audio rules, prices and what a request, a task or an image costs' },
	{ folder: 'shared', says: 'what every layer uses: errors (all of them), providers, the clock, async helpers' },
];

/** Code above every layer: the node files and the trigger may import from any layer. */
export const ABOVE_LAYERS = ['nodes/Seedance/Seedance.node.ts', 'nodes/SeedanceTrigger', 'credentials'];
