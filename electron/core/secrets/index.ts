export { KeyBox, PassphraseBox, DEFAULT_SCRYPT, newScryptParams, type SecretBox, type ScryptParams } from './box';
export { SecretVault, secretNames, type KeyringOutcome, type SecretSource, type VaultStatus } from './vault';
export { secretServiceKeyring, type Keyring } from './keyring';
