import { describe, expect, it } from "vitest";
import { autoMapping, autoTarget, mappingProblems, readCsvHead, requestMapping } from "./csvMapping";

describe("readCsvHead", () => {
  it("reads the header and the first rows, with quoted cells", () => {
    const head = readCsvHead('Cliente,"Fone, celular",Obs\r\nAna,11987654321,"disse ""oi"""\nBia,11911112222,\n\nCaio,119,x\nDavi,1,y', 3);
    expect(head).toEqual({
      header: ["Cliente", "Fone, celular", "Obs"],
      rows: [
        ["Ana", "11987654321", 'disse "oi"'],
        ["Bia", "11911112222", ""],
        ["Caio", "119", "x"],
      ],
    });
  });
  it("takes ';' when the first line has more of them, and drops a BOM", () => {
    expect(readCsvHead("\uFEFFnome;telefone;valor\nAna;119;1,5")).toEqual({ header: ["nome", "telefone", "valor"], rows: [["Ana", "119", "1,5"]] });
  });
  it("keeps a quoted newline inside its cell", () => {
    expect(readCsvHead('a,b\n"linha 1\nlinha 2",x')?.rows).toEqual([["linha 1\nlinha 2", "x"]]);
  });
  it("is null without a header", () => {
    expect(readCsvHead("")).toBeNull();
    expect(readCsvHead("\n\n")).toBeNull();
  });
});

describe("autoTarget", () => {
  it("matches English and Portuguese synonyms in any case, like the server", () => {
    expect(autoTarget(" Telefone ", [])).toBe("phone");
    expect(autoTarget("E-mail", [])).toBe("email");
    expect(autoTarget("Nome Completo", [])).toBe("name");
    expect(autoTarget("Fuso horário", [])).toBe("time_zone");
    expect(autoTarget("Etiquetas", [])).toBe("tags");
  });
  it("matches custom fields by key or as exported (field:key)", () => {
    expect(autoTarget("Cidade", ["cidade"])).toBe("field:cidade");
    expect(autoTarget("field:cidade", ["cidade"])).toBe("field:cidade");
    expect(autoTarget("cidade", [])).toBe("");
  });
  it("ignores headers it does not know", () => {
    expect(autoTarget("Contato principal", [])).toBe("");
  });
});

describe("autoMapping", () => {
  it("maps each column once; a second column for the same field starts ignored", () => {
    expect(autoMapping(["nome", "celular", "telefone", "cidade", "x"], ["cidade"])).toEqual(["name", "phone", "", "field:cidade", ""]);
  });
});

describe("mappingProblems", () => {
  it("accepts a mapping with an address to find the contact by", () => {
    expect(mappingProblems(["a", "b"], ["name", "email"])).toEqual([]);
    expect(mappingProblems(["a"], ["username"])).toEqual([]);
  });
  it("wants phone or another address", () => {
    expect(mappingProblems(["a", "b"], ["name", "tags"])).toEqual([{ kind: "noIdentity" }]);
    expect(mappingProblems(["a"], [""])).toEqual([{ kind: "noIdentity" }]);
  });
  it("refuses one field from two columns, naming both", () => {
    expect(mappingProblems(["Fone 1", "Fone 2", "n"], ["phone", "phone", "name"])).toEqual([
      { kind: "duplicateTarget", target: "phone", columns: ["Fone 1", "Fone 2"] },
    ]);
  });
  it("refuses two columns with one name, which a mapping by name cannot tell apart", () => {
    expect(mappingProblems(["fone", " fone"], ["phone", ""])).toEqual([{ kind: "duplicateHeader", column: "fone" }]);
  });
});

describe("requestMapping", () => {
  it("names every column by its trimmed header, ignored ones with an empty field", () => {
    expect(requestMapping([" Cliente ", "Fone", "Obs"], ["name", "phone", ""])).toEqual({ Cliente: "name", Fone: "phone", Obs: "" });
  });
});
