import Foundation

/// Every table the rules consult, loaded once from `schemas/` for the chosen profile.
public struct ReferenceData: Sendable {
    public let headers: HeaderTable
    public let regions: RegionTable
    public let countries: CountryTable
    public let ethnicities: CodeTable
    public let education: CodeTable
    public let occupations: CodeTable
    public let banks: CodeTable

    public init(directory: URL, profile: Profile) throws(SSCardError) {
        func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
        headers = try HeaderTable(url: url("headers.tsv"))
        regions = try RegionTable(url: url("regions.tsv"))
        countries = try CountryTable(url: url("countries.tsv"))
        ethnicities = try CodeTable(url: url("ethnicity.tsv"))
        education = try CodeTable(url: url(profile.educationScheme == "gbt4658" ? "education-gbt4658.tsv" : "education-form.tsv"))
        occupations = try CodeTable(url: url(profile.occupationScheme == "gbt6565" ? "occupation-gbt6565.tsv" : "occupation-form.tsv"))
        banks = try CodeTable(url: url("banks.tsv"))
    }
}
