import { authorize, refuse } from '../../../platform/authorize.js';
import type { AppContext, RequestContext } from '../../../platform/context.js';
import { notFound } from '../../../platform/errors.js';

/** Who may manage templates (audited as the action asked for), and a missing template refused like a hidden one. */

export const TARGET = 'agreement_template';

export const manage = (
  ctx: AppContext,
  rc: RequestContext,
  action: 'template_create' | 'template_update' | 'template_publish' | 'template_retire' | 'template_preview',
  targetId: string | null,
) =>
  authorize(
    ctx,
    rc,
    'agreement.manage_templates',
    { kind: 'none' },
    {
      audit: { action: `agreement.${action}`, targetType: TARGET, targetId },
    },
  );

/** A template that does not exist: refused like a hidden one (audited, 404). */
export const missing = (
  ctx: AppContext,
  rc: RequestContext,
  action: Parameters<typeof manage>[2] | 'template_view',
  id: string,
) => refuse(ctx, rc, { action: `agreement.${action}`, targetType: TARGET, targetId: id }, notFound());
