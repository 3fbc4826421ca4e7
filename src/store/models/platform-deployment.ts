import { Schema, type Connection, type Model } from 'mongoose';

/** The deployments the tool accepts launches from, per registered platform (issuer + client id). */
export interface PlatformDeploymentDoc {
  issuer: string;
  clientId: string;
  deploymentIds: string[];
  updatedAt: Date;
}

const schema = new Schema<PlatformDeploymentDoc>(
  {
    issuer: { type: String, required: true },
    clientId: { type: String, required: true },
    deploymentIds: { type: [String], default: [] },
  },
  { timestamps: true, strict: 'throw' },
);
schema.index({ issuer: 1, clientId: 1 }, { unique: true });

export function platformDeploymentModel(conn: Connection): Model<PlatformDeploymentDoc> {
  return conn.model<PlatformDeploymentDoc>('PlatformDeployment', schema, 'platform_deployments');
}
