#!/usr/bin/env python3
"""Reads persons.xlsx of an sscard batch with openpyxl (an independent reader) and prints JSON:
sheet names, the header row (and whether it is bold), the frozen pane, the autofilter range, the
data type of every non-empty cell, and the rows. Used by the export tests."""
import json
import sys

import openpyxl


def main() -> int:
    workbook = openpyxl.load_workbook(sys.argv[1])
    sheet = workbook["人员信息"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    types = sorted({cell.data_type for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None})
    formats = sorted({cell.number_format for row in sheet.iter_rows(min_row=2) for cell in row if cell.value is not None})
    info = workbook["批次信息"]
    print(json.dumps({
        "sheets": workbook.sheetnames,
        "header": rows[0] if rows else [],
        "header_bold": all(cell.font.bold for cell in sheet[1]),
        "freeze": sheet.freeze_panes,
        "autofilter": sheet.auto_filter.ref,
        "types": types,
        "formats": formats,
        "rows": [[("" if value is None else value) for value in row] for row in rows[1:]],
        "info": {str(row[0].value): str(row[1].value) for row in info.iter_rows()},
        "width_id": sheet.column_dimensions["E"].width,
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
