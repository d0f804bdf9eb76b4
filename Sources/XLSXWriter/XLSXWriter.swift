internal import CXlsxWriter
