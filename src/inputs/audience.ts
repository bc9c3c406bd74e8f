/**
 * The configured audience (config.md §7.9): prompts name it, never a person hard-coded.
 */
export interface AudienceConfig {
  name: string;
  description: string | null;
}

export function audienceName(audience: AudienceConfig | undefined): string {
  return audience?.name?.trim() || 'the viewer';
}

/** `Audience: <name>` plus `About the audience: <description>` when set. */
export function audienceBlock(audience: AudienceConfig | undefined): string {
  const lines = [`Audience: ${audienceName(audience)}`];
  const description = audience?.description?.trim();
  if (description) lines.push(`About the audience: ${description}`);
  return lines.join('\n');
}
