/** The object identifiers a PAdES baseline signature is made of, named once. */
export const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** RFC 5035 ESS signing-certificate-v2: binds the signer's certificate into what is signed. */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  /** RFC 3161 appendix A: the unsigned attribute that makes B-B into B-T. */
  signatureTimeStampToken: '1.2.840.113549.1.9.16.2.14',
  tstInfo: '1.2.840.113549.1.9.16.1.4',
} as const;
