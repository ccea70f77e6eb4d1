// Package flow holds the flow document format of Master IA: the model a
// YAML flow parses into, the catalog of actions its steps may use, and the
// linter that checks a flow before anything runs.
//
// A flow is a YAML document (version 1) with params, one trigger, a list of
// steps and its own tests. [Parse] turns source into a [Flow] keeping the
// line and column of every field; [Lint] reports every problem at once as
// [Diagnostic] values with stable codes (see [Codes]); [JSONSchema] and
// [Reference] publish the format for editors and people, generated from the
// same Go model and [Catalog] the linter uses.
package flow
