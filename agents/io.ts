/**
 * A file-system `IOHandler` for tfjs models in Node (pure tfjs has none).
 *
 * `save` writes `model.json` (topology + weights manifest) and `weights.bin`
 * into a directory, each through a temporary file and a rename, so a reader
 * never sees a half-written file. `load` reads them back. Usage:
 * `await model.save(fileSystemHandler(dir))`,
 * `await tf.loadLayersModel(fileSystemHandler(dir))`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tf } from './backend.js';
import { writeFileAtomic } from '../envs/sim/atomic-file.js';

export { writeFileAtomic };

type IOHandler = tf.io.IOHandler;
type ModelArtifacts = tf.io.ModelArtifacts;
type ModelJSON = tf.io.ModelJSON;
type SaveResult = tf.io.SaveResult;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

function toArrayBuffer(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return Array.isArray(data) ? tf.io.concatenateArrayBuffers(data) : data;
}

/** An IOHandler that saves to and loads from the directory `dir`. */
export function fileSystemHandler(dir: string): IOHandler {
  return {
    async save(artifacts: ModelArtifacts): Promise<SaveResult> {
      if (artifacts.modelTopology instanceof ArrayBuffer) {
        throw new Error(`io: modelTopology as binary (GraphDef) is not supported (dir ${dir})`);
      }
      mkdirSync(dir, { recursive: true });
      const weights = toArrayBuffer(artifacts.weightData);
      const modelJson: ModelJSON = {
        modelTopology: artifacts.modelTopology ?? {},
        weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy,
      };
      if (artifacts.trainingConfig !== undefined) modelJson.trainingConfig = artifacts.trainingConfig;
      if (artifacts.userDefinedMetadata !== undefined) modelJson.userDefinedMetadata = artifacts.userDefinedMetadata;
      writeFileAtomic(join(dir, WEIGHTS_BIN), new Uint8Array(weights));
      writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<ModelArtifacts> {
      const modelJson = JSON.parse(readFileSync(join(dir, MODEL_JSON), 'utf8')) as ModelJSON;
      const bytes = readFileSync(join(dir, WEIGHTS_BIN));
      const weights = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
      return tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => [tf.io.getWeightSpecs(manifest), weights]);
    },
  };
}
