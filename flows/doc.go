// Package flows owns the flow language: the YAML files coordinators write, reading them with
// file:line:col errors, validating them, and compiling each state to the looplab/fsm events that
// leave it. It imports only the standard library, looplab/fsm and a YAML parser.
//
// A Set is a validated, compiled group of flows that the engine in package bot runs, with the
// folder's words.yaml (Lexicon: danger phrases, quick-exit words, preview words). Lint keeps texts
// safe on a shared phone: no invitation to a keyword that does something else, no crime, tip or
// agency on the first line, every text within two segments with its placeholders at their longest
// (Template.Longest, Echo). The built-in English and Spanish flows are embedded (see Builtin) and
// documented with the format in flows/README.md.
//
// Imports: internal/yamlpos only among the module's packages (internal/layers enforces it); bot,
// its subpackages, the integrations that show flows and cmd/frontdoor import flows.
package flows
