// Validates every object of a multi-document YAML file (e.g. `kubectl kustomize ../nebula`) against the Kubernetes
// API schema of its apiVersion and kind, as kubernetes-models compiles them. Prints one line per object and exits 1
// when any object is invalid or of a kind the package does not know.
// Usage: node validate.mjs rendered.yaml
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <rendered.yaml>");
  process.exit(2);
}

const objects = parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJSON()).filter(Boolean);
let invalid = 0;
for (const object of objects) {
  const name = `${object.kind}/${object.metadata?.name}`;
  // Models are under "<group>/<version>", the core group's under "v1": the apiVersion itself.
  const module = `kubernetes-models/${object.apiVersion}`;
  let Model;
  try {
    Model = (await import(module))[object.kind];
  } catch {
    Model = undefined;
  }
  if (!Model) {
    invalid++;
    console.log(`unknown ${name} (${object.apiVersion})`);
    continue;
  }
  try {
    new Model(object).validate();
    console.log(`valid ${name}`);
  } catch (error) {
    invalid++;
    console.log(`invalid ${name}: ${error.message}`);
  }
}
console.log(`${objects.length} objects, ${invalid} invalid`);
process.exit(invalid === 0 ? 0 : 1);
