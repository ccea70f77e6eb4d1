// Package sdk is what a Master IA plugin is written against.
//
// A plugin describes itself with a [Manifest]: its ID and version, the
// actions it provides, the channel it implements, the events it emits, the
// connection configuration it needs (declared once with [NewStringField] and
// friends) and the permissions it asks for. From that one declaration come
// validation ([Fields.Validate]), typed configuration ([ParsedConfig]), the
// JSON Schema the dashboard draws forms from ([Fields.JSONSchema]) and the
// plugin's reference page ([Reference]).
//
// Behaviour lives in small interfaces: every plugin embeds [Base] and
// implements [Plugin]; it may implement [Provisioner], [Validator],
// [Starter], [Cleaner], [Channel] and [WebhookHandler] as it needs, and hands
// out [Action] values for its declared actions. The host gives the plugin
// its services ([KV], [Secrets], [HTTP], [Events], [Log], [Clock]) in a
// [Host], and reads the class of every returned error with [ClassOf].
//
// The package uses only the standard library, so a plugin that imports it
// pulls in nothing else. The conformance suite lives in package sdktest.
package sdk
