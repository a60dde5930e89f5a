import type { INodeProperties, INodePropertyOptions } from "n8n-workflow";

import { LATEST_VERSION } from "../../form/descriptions";
import * as editVideo from "./editVideo.operation";
import * as estimateCost from "./estimateCost.operation";
import * as extendVideo from "./extendVideo.operation";
import * as generateFromDraft from "./generateFromDraft.operation";
import * as generateFromReference from "./generateFromReference.operation";
import * as generateFromFirstFrame from "./generateFromFirstFrame.operation";
import * as generateFromFirstLastFrame from "./generateFromFirstLastFrame.operation";
import * as generateFromReferenceImages from "./generateFromReferenceImages.operation";
import * as generateFromText from "./generateFromText.operation";

export {
  editVideo,
  estimateCost,
  extendVideo,
  generateFromDraft,
  generateFromFirstFrame,
  generateFromFirstLastFrame,
  generateFromReference,
  generateFromReferenceImages,
  generateFromText,
};

const OPERATIONS: INodePropertyOptions[] = [
  {
    name: "Edit Video",
    value: "editVideo",
    action: "Edit a video",
    description:
      "Change, add, remove or replace something in a video (Seedance 2.x)",
  },
  {
    name: "Estimate Cost",
    value: "estimateCost",
    action: "Estimate the cost of videos",
    description:
      "What a Generate operation would cost for these items, and the total, before anything is created",
  },
  {
    name: "Extend Video",
    value: "extendVideo",
    action: "Extend a video",
    description:
      "Continue a video forward or backward, or bridge clips (Seedance 2.x)",
  },
  {
    name: "Generate Final Video From Draft",
    value: "generateFromDraft",
    action: "Generate the final video from a draft",
    description:
      "Turn a Seedance 2.5 draft (480p preview) into the 1080p video",
  },
  {
    name: "Generate From First and Last Frame",
    value: "generateFromFirstLastFrame",
    action: "Generate a video from first and last frame",
    description: "Animate from one image to another",
  },
  {
    name: "Generate From First Frame",
    value: "generateFromFirstFrame",
    action: "Generate a video from a first frame",
    description: "Bring an image to life: the video starts with it",
  },
  {
    name: "Generate From Multimodal Reference",
    value: "generateFromReference",
    action: "Generate a video from reference images, videos and audio",
    description:
      "Reference images, video clips and audio in one request, named in the prompt (Seedance 2.x)",
  },
  {
    name: "Generate From Reference Images",
    value: "generateFromReferenceImages",
    action: "Generate a video from reference images",
    description:
      "Put things (a product, a mascot, a place) into a new scene: 1–4 images on 1.0 Lite, up to 9 on 2.0",
  },
  {
    name: "Generate From Text",
    value: "generateFromText",
    action: "Generate a video from text",
    description: "Make a video from a prompt alone",
  },
];

function operationField(
  defaultOperation: string,
  version: INodeProperties["displayOptions"],
): INodeProperties {
  return {
    displayName: "Operation",
    name: "operation",
    type: "options",
    noDataExpression: true,
    displayOptions: { show: { resource: ["video"], ...version?.show } },
    default: defaultOperation,
    options: OPERATIONS,
  };
}

export const description: INodeProperties[] = [
  // Version 1 opened on Reference Images; 1.1 opens on the multimodal operation.
  operationField("generateFromReferenceImages", { show: { "@version": [1] } }),
  operationField("generateFromReference", {
    show: { "@version": [{ _cnd: { gte: LATEST_VERSION } }] },
  }),
  ...generateFromReference.description,
  ...editVideo.description,
  ...extendVideo.description,
  ...generateFromDraft.description,
  ...generateFromReferenceImages.description,
  ...generateFromText.description,
  ...generateFromFirstFrame.description,
  ...generateFromFirstLastFrame.description,
  ...estimateCost.description,
];
