// Command gen-examples converts the YAML examples of the docs into PCL, Pulumi's program intermediate
// language, with pulumi-yaml's converter: the first half of `pulumi convert --from yaml`, which
// `gen-sdk programs` completes. It is built with pulumi-yaml's own requirements (those of our YAML host):
// the module proxy has no pulumi-yaml release that builds with the CLI's pkg/v3.
//
//	gen-examples <schema.json> <dir> <out.json>
//
// writes {"<example>/<file>.yaml": "<PCL program>"} for every <dir>/*/*.yaml, each checked against the
// schema by pulumi-yaml (resource and function tokens, property names and types) first.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blang/semver"
	"github.com/pulumi/pulumi-yaml/pkg/pulumiyaml"
	yamlgen "github.com/pulumi/pulumi-yaml/pkg/pulumiyaml/codegen"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
)

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: gen-examples <schema.json> <dir> <out.json>")
		os.Exit(2)
	}
	if err := convertExamples(os.Args[1], os.Args[2], os.Args[3]); err != nil {
		fmt.Fprintf(os.Stderr, "gen-examples: %v\n", err)
		os.Exit(1)
	}
}

func convertExamples(schemaPath, dir, out string) error {
	loader, err := newSchemaLoader(schemaPath)
	if err != nil {
		return err
	}
	files, err := filepath.Glob(filepath.Join(dir, "*", "*.yaml"))
	if err != nil {
		return err
	}
	result := map[string]string{}
	for _, file := range files {
		program, err := convertExample(file, loader)
		if err != nil {
			return fmt.Errorf("%s: %w", file, err)
		}
		rel, err := filepath.Rel(dir, file)
		if err != nil {
			return err
		}
		result[filepath.ToSlash(rel)] = program
	}
	text, err := json.MarshalIndent(result, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(out, append(text, '\n'), 0o644)
}

func convertExample(file string, loader schema.ReferenceLoader) (string, error) {
	source, err := os.ReadFile(file)
	if err != nil {
		return "", err
	}
	template, diags, err := pulumiyaml.LoadYAMLBytes(file, source)
	if err != nil {
		return "", err
	}
	if diags.HasErrors() {
		return "", diags
	}
	program, pdiags, err := yamlgen.ConvertTemplateIL(template, loader)
	if err != nil {
		return "", err
	}
	if pdiags.HasErrors() {
		return "", pdiags
	}
	return program, nil
}

// schemaLoader serves the one package of a schema file.
type schemaLoader struct{ pkg *schema.Package }

func newSchemaLoader(schemaPath string) (*schemaLoader, error) {
	text, err := os.ReadFile(schemaPath)
	if err != nil {
		return nil, err
	}
	var spec schema.PackageSpec
	if err := json.Unmarshal(text, &spec); err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	loader := &schemaLoader{}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", schemaPath, err)
	}
	if diags.HasErrors() {
		return nil, fmt.Errorf("%s: %w", schemaPath, diags)
	}
	loader.pkg = pkg
	return loader, nil
}

func (l *schemaLoader) find(name string) (*schema.Package, error) {
	if l.pkg == nil || name != l.pkg.Name {
		return nil, fmt.Errorf("the examples use package %q; only the schema's own is known", name)
	}
	return l.pkg, nil
}

func (l *schemaLoader) LoadPackage(name string, _ *semver.Version) (*schema.Package, error) {
	return l.find(name)
}

func (l *schemaLoader) LoadPackageV2(_ context.Context, d *schema.PackageDescriptor) (*schema.Package, error) {
	return l.find(d.Name)
}

func (l *schemaLoader) LoadPackageReference(name string, _ *semver.Version) (schema.PackageReference, error) {
	pkg, err := l.find(name)
	if err != nil {
		return nil, err
	}
	return pkg.Reference(), nil
}

func (l *schemaLoader) LoadPackageReferenceV2(
	_ context.Context, d *schema.PackageDescriptor,
) (schema.PackageReference, error) {
	return l.LoadPackageReference(d.Name, nil)
}
