export { PassphraseBox, DEFAULT_SCRYPT, newScryptParams, type SecretBox, type ScryptParams } from './box';
export { SecretVault, secretNames, type SecretSource, type VaultStatus } from './vault';
